package detect

// The rules are data: each table names a rule, says what role its phrases
// play, and lists the phrases, one per line, already in the normalised form
// the tokenizer produces (lowercase, apostrophes dropped: "dont", "im").
// '*' stands for any one word. Common contractions and texting spellings
// ("i am"/"im", "do not"/"dont", "wanna", "gonna", "u") are generated or
// expanded automatically, so each phrase is written once.

// kind is the role a phrase plays in the decision.
type kind uint8

const (
	kCrisis     kind = iota // enough alone for crisis, unless a context rule sets it aside
	kCrisisWeak             // crisis only when two different weak rules agree
	kClinical               // therapy content
	kAdmin                  // administrative alone
	kAdminWeak              // administrative when two different weak rules agree
	kNeg                    // negation cue: scopes over the next few words of its clause
	kPseudoNeg              // looks like a negation but is not ("cant stop", "not gonna lie")
	kIdiom                  // a figure of speech that contains a crisis word
	kHumor                  // joking marker: "lol", 😂
	kMedia                  // talk about films, songs, news: quoted, not lived
	kFirst                  // first-person subject
	kThird                  // third-person subject
	kPast                   // distant past: "years ago", "used to"
	kPastTense              // a past-tense verb, which with a resolution marker means it is over
	kRecent                 // now or very recently: "again", "tonight", "last night"
	kResolved               // the person says it is behind them: "doing much better now"
)

// flag adjusts how context rules apply to a crisis phrase.
type flag uint8

const (
	fAnySubject flag = 1 << iota // the phrase is about danger to the writer whoever the grammatical subject is
	fHumor                       // set aside in a joking sentence ("gonna kill me lol")
	fNoClinical                  // set aside, it says nothing clinical
	fMedia                       // clinical only when not about a film, a song or the news
)

type ruleTable struct {
	rule    string // "label.name"; context tables use "context.name"
	kind    kind
	flags   flag
	phrases string
}

// crisisRules are curated in addition to the lexicon's ideation, self-injury
// and suicidal-language constructs.
var crisisRules = []ruleTable{
	// Wanting to die or not to exist, however it is put.
	{"crisis.passive_ideation", kCrisis, 0, `
want to die
wanted to die
want to be dead
wish i was dead
wish i were dead
wish i wasnt alive
wish i wasnt here
wish i was never born
wish i had never been born
dont want to be alive
dont want to live
dont want to live anymore
no longer want to live
dont want to exist
dont want to be here
dont want to be here anymore
want to disappear
want to disappear forever
disappear forever
disappear for good
disappeared for good
if i just disappeared
want to stop existing
stop existing
to not exist
not to exist
never wake up
not wake up
not to wake up
not waking up
dont want to wake up
dont wanna wake up
go to sleep and never
tired of living
tired of being alive
done with life
life isnt worth living
life is not worth living
not worth living
whats the point of living
whats the point in living
dont see the point in living
dont see the point of living
dont see the point anymore
see no point in living
no point in living
no point living
nothing to live for
nothing left to live for
no reason to live
no reason to be alive
no reason to keep going
reason to stay alive
wont be alive
dont think ill be alive
not be alive by
want it all to end
want it to be over
want it all to be over
want it to stop permanently
all to stop permanently
it all to stop
just want it to end
`},
	// Thinking of, planning or announcing killing oneself.
	{"crisis.active_ideation", kCrisis, 0, `
kill myself
killing myself
kill my self
killed myself
end my life
ending my life
end my own life
take my life
take my own life
taking my life
end it all
ending it all
end it tonight
ending it tonight
end things tonight
ready to end things
going to end it
want to end it
feel like ending it
thinking about ending it
end it
ending it
unalive
unalive myself
unaliving
unaliving myself
unalived
kms
kys myself
suicidal
suicidal thoughts
suicidal again
feeling suicidal
thoughts of suicide
thinking about suicide
thoughts about suicide
commit suicide
suicide plan
plan to kill myself
planning to kill myself
planning how to kill myself
planning my suicide
have a plan
have everything planned
i have a plan
everything planned out
planned it out
made a plan
made my decision
made up my mind
friday is the day
tonight is the night
looking up ways to
researching ways to
ways to end it
ways to kill myself
how to kill myself
how many pills it would take
how many of my pills
lethal dose
going to jump
gonna jump
jump off
jumping off
jump in front of
step in front of
stepping in front of
walk into traffic
drive my car into
driving my car into
drive off
drive into a
driving into a
crash my car on purpose
use it on myself
on myself tonight
better off dead
i deserve to die
let me die
want to go to sleep forever
sleep forever
suicide note
writing a suicide note
goodbye letter
i attempted
attempted suicide
suicide attempt
my attempt
thoughts about dying
thoughts of dying
thinking about dying
thinking about death
think about dying
anyone would miss me
would anyone miss me
anyone would even notice
`},
	// Hurting oneself now or lately.
	{"crisis.self_harm", kCrisis, 0, `
cut myself
cutting myself
cut my self
cutting again
been cutting
started cutting
cut again
from cutting
not to cut
urge to cut
cut my wrists
cut my wrist
cut my arm
cut my arms
cut my legs
cut my thighs
cut too deep
cutting deeper
hurt myself
hurting myself
hurt myself on purpose
harm myself
harming myself
self harm
self harming
self harmed
self injury
self injuring
burned myself
burning myself
burn myself
burned my arm
burned my wrist
hit myself
punch myself
punching myself
bleeding and
wont stop bleeding
need stitches
`},
	// Having just taken or got hold of the means.
	{"crisis.means_and_intent", kCrisis, 0, `
took all my pills
took all of my pills
took all my meds
took all of my meds
took all the pills
took a bunch of pills
took a bunch of my
took too many pills
took the whole bottle
swallowed a bunch
swallowed a bottle
swallowed a whole bottle
swallowed all
swallowed my
overdosed
overdosing
overdose
gonna overdose
going to overdose
od
oded
saving up my pills
saving up pills
saving my pills
saved up pills
pills saved up
have pills saved
stockpiling
stockpiled
hoarding pills
bought a gun
bought a rope
got a rope
have a rope
have the rope
tied a noose
noose
engine running in the garage
car running in the garage
standing on the roof
standing on the ledge
standing on the bridge
on the ledge
on the edge of the roof
at the bridge
bottle of pills in front of me
pills in front of me
gun in my mouth
`},
	// Goodbyes and putting affairs in order.
	{"crisis.goodbye", kCrisis, 0, `
this is goodbye
final goodbye
goodbye forever
goodbye everyone
goodbye world
said my goodbyes
saying my goodbyes
by the time you read this
by the time anyone reads this
by the time someone reads this
this will be my last message
this is my last message
my last message
last email youll get
last message youll get
last time youll hear from me
you wont hear from me again
wont hear from me again
wont be around much longer
wont be around anymore
wont be here much longer
wont be here anymore
not going to be here much longer
dont plan on being here
dont plan to be here
wont be here next
wont be around next
written letters to
wrote letters to
left a note for
left notes for
made my peace
at peace with my decision
at peace with it
put my affairs in order
getting my affairs in order
settling everything before i go
giving away my
gave away my
given away my
given my things away
giving my things away
gave my things away
given away most of my
wont need it
wont need them
wont need it anymore
wont need them anymore
wont be needing
where im going
please tell my * i love
tell my * i love
tell my family i love
tell everyone i love
take care of my * for me
make sure my * goes to
if i dont answer tomorrow
if im not here next week
wont make it to our next
`},
	// Threats to others, and being told by voices to hurt someone.
	{"crisis.threat_to_others", kCrisis, fHumor, `
going to kill him
going to kill her
going to kill them
going to kill you
gonna kill him
gonna kill her
will kill him
will kill her
ill kill him
ill kill her
ill kill them
want to kill him
want to kill her
i will kill
going to hurt him
going to hurt her
going to hurt someone
want to hurt someone
want to hurt people
hurt someone
hurt somebody
going to shoot
shoot up the
shoot up my
shoot everyone
bring a gun to
make them pay
make him pay
make her pay
they deserve to die
he deserves to die
she deserves to die
voices are telling me to
voices telling me to
telling me to hurt
telling me to kill
`},
	// Danger from someone else, stated as happening now.
	{"crisis.danger_now", kCrisis, fAnySubject, `
threatening to kill me
threatened to kill me tonight
afraid for my life
scared for my life
fear for my life
im in danger
i am in danger
in danger right now
im not safe
i am not safe
not safe right now
dont feel safe
wont let me leave
locked me in
has a gun
has a knife
got his gun
his gun out
gun out
knife out
pointing a gun
swinging a bat
coming over with a knife
coming over with a gun
with a knife
call the police
call 911
please help me
`},
	// Weak cues: each alone is common in ordinary therapy talk; two
	// different ones together read as a crisis.
	{"crisis.threat_from_other", kCrisisWeak, fAnySubject | fHumor | fNoClinical, `
kill me
going to kill me
gonna kill me
will kill me
hed kill me
hell kill me
shed kill me
shell kill me
wants to kill me
shoot me if
hurt me if
`},
	{"crisis.violence_to_me", kCrisisWeak, fAnySubject, `
hit me
hitting me
hit me again
beat me
beating me
choked me
choking me
strangled me
attacked me
hurt me
threatening me
threatened me
`},
	{"crisis.danger_cue", kCrisisWeak, fAnySubject | fNoClinical, `
outside my
outside my door
banging on the door
broke in
breaking in
hiding in
hiding from
following me
coming after me
coming over
took my phone
im scared
i am scared
im terrified
scared to go home
please help
help me
hes outside
he is outside
shes outside
she is outside
outside right now
outside the house
outside my house
`},
	{"crisis.farewell", kCrisisWeak, fNoClinical, `
goodbye
bye
i love you all
love you all
take care of yourself
`},
	{"crisis.final_gratitude", kCrisisWeak, fNoClinical, `
thank you for everything
thanks for everything
thank you for trying
thanks for trying
for trying to help me
everything you tried
everything youve done
you were a great therapist
you were a good therapist
thank you for caring
`},
	{"crisis.final_apology", kCrisisWeak, 0, `
sorry for everything
im sorry for everything
sorry for being a burden
sorry for wasting your time
not your fault
dont blame yourself
please dont blame
wont have to deal with me
`},
	// Saying others would be better off: passive ideation put indirectly.
	{"crisis.perceived_burden", kCrisis, 0, `
better off without me
be better off without me
better without me
happier if i was gone
happier if i wasnt here
happier if i wasnt around
happier if i just disappeared
easier for everyone if
easier if i wasnt
no one would care if i
nobody would care if i
no one would miss me
nobody would miss me
nobody will miss me
no one will miss me
no one would notice if i
nobody would notice if i
no one would even notice
nobody would even notice
happier without me
better off if i
everyone would be better off
they would be better off
theyd be better off
family would be better off
`},
	{"crisis.burden", kCrisisWeak, 0, `
a burden
such a burden
burden to everyone
burden on everyone
burden to my family
dead weight
waste of space
if i was gone
if i wasnt here
if i wasnt alive
if i died
`},
	{"crisis.hopelessness", kCrisisWeak, 0, `
no way out
only way out
cant do this anymore
cant do it anymore
cant go on
cant keep going
dont think i can keep going
cant take it anymore
cant take any more
cant hold on
how much longer i can
so done
im done
im done trying
done trying
done fighting
tired of fighting
tired of everything
no point anymore
theres no point
whats the point anymore
whats the point
no hope
hopeless
no future
dont see a future
cant see a future
i hate my life
hate my life
life is over
nothing left
`},
	{"crisis.lethal_means", kCrisisWeak, 0, `
pills
my pills
a knife
the knife
a gun
the gun
rope
the rope
razor
blade
bridge
the bridge
overpass
roof
the roof
cliff
train tracks
took <num>
took like <num>
swallowed <num>
tylenol
`},
	{"crisis.timing", kCrisisWeak, fNoClinical, `
tonight
friday
this weekend
by the weekend
on my birthday
`},
	// Some lexicon phrases are too broad to stand alone and are demoted to
	// weak ideation cues (see lexiconDemotions).
}

// clinicalRules add to the lexicon's clinical constructs the words clients
// actually use in messages, and what was said in session.
var clinicalRules = []ruleTable{
	{"clinical.mood", kClinical, 0, `
depressed
depression
depressive
depressive episode
feeling low
feel low
been low
really low
feeling down
feel down
feeling really down
really down
sad
so sad
sadness
crying
cried
cry
tears
teary
numb
numbness
empty
emptiness
hopeless
worthless
ashamed
guilty
a failure
such a failure
unlovable
miserable
feel flat
feel awful
feel like crap
feel like shit
feel terrible
feel so
feel really
feel nothing
felt heard
dark place
rough day
hard day
bad day
rough week
hard week
bad week
rough morning
rough night
bad night
struggling
spiraling
spiralling
falling apart
fell apart
a mess
im a mess
a wreck
heartbroken
lonely
so alone
feel alone
feel so alone
isolating
withdrawing
angry
anger
rage
resentful
irritable
moody
mood
moods
mood swings
emotional
emotions
feelings
upset
hurt
hurting
grief
grieving
mourning
numb again
feel flat
feeling flat
feel heavy
feel so heavy
feeling heavy
`},
	{"clinical.anxiety", kClinical, 0, `
anxiety
anxious
panic
panic attack
panic attacks
panicking
panicky
overwhelmed
stressed
stress
stressed out
worried
worry
nervous
scared
afraid
terrified
freaking out
on edge
cant breathe
shaking
racing
mind racing
racing thoughts
cant stop thinking
overthinking
intrusive thoughts
intrusive
ocd
social anxiety
phobia
dread
`},
	{"clinical.trauma", kClinical, 0, `
trauma
traumatic
traumatized
ptsd
cptsd
c ptsd
complex ptsd
flashback
flashbacks
nightmare
nightmares
triggered
trigger
triggers
dissociate
dissociation
dissociating
dissociated
abuse
abused
abusive
assault
assaulted
raped
rape
molested
hit me
every time i close my eyes
when i close my eyes
keep seeing
`},
	{"clinical.condition", kClinical, 0, `
adhd
bipolar
bpd
borderline
borderline personality disorder
eating disorder
anorexia
bulimia
binge
binged
bingeing
binging
purge
purging
skipping meals
diagnosis
diagnosed
diagnose
disorder
symptoms
symptom
insomnia
cant sleep
havent slept
slept more than
sleep is
burnt out
burned out
burnout
exhausted
dissociative
psychosis
hearing voices
the voices
manic
mania
`},
	{"clinical.substance", kClinical, 0, `
drinking
drank
drunk
drinking again
blacked out
sober
sobriety
relapse
relapsed
cravings
craving
using again
high again
addiction
addicted
year chip
day chip
month chip
`},
	{"clinical.medication", kClinical, 0, `
meds
medication
medications
antidepressant
antidepressants
dose
dosage
mg
sertraline
zoloft
prozac
lexapro
celexa
wellbutrin
abilify
lithium
lamictal
seroquel
adderall
ritalin
vyvanse
xanax
klonopin
ativan
prazosin
effexor
cymbalta
trazodone
psychiatrist
psychiatry
prescriber
prescribed
side effects
`},
	{"clinical.session_content", kClinical, 0, `
what we talked about
we talked about
what you said
you said about
you mentioned
you showed me
you asked about
in session
last session
our session
our last session
since our session
session last week
couldnt say in session
use my session
homework
grounding
grounding exercise
breathing exercise
the breathing thing
coping
cope
boundaries
boundary
inner critic
self compassion
self esteem
people pleasing
vent
venting
need to vent
inner child
attachment
therapy is the only thing
my history
my childhood
from childhood
my trauma
emdr
dbt
cbt
thank you for today
`},
	// Someone close at risk: therapy content for the writer, not their own
	// crisis (that is decided by the crisis rules' third-person check).
	{"clinical.others_at_risk", kClinical, fMedia, `
wants to die
wants to kill herself
wants to kill himself
wants to kill themselves
kill herself
kill himself
killed herself
killed himself
killed themselves
attempted suicide
tried to kill herself
tried to kill himself
died by suicide
committed suicide
took his own life
took her own life
overdosed
self harming
been cutting
suicidal
`},
	{"clinical.life_event", kClinical, 0, `
passed away
death
funeral
miscarriage
divorce
breakup
broke up
custody
custody hearing
anniversary of
my ex
affair
cheated
mom died
dad died
mother died
father died
brother died
sister died
husband died
wife died
son died
daughter died
friend died
grandma died
grandpa died
grandmother died
grandfather died
dog died
cat died
aunt died
uncle died
since * died
when my * died
my * died
my * passed
lost my mom
lost my dad
lost my * in
`},
}

// adminRules: scheduling, cancelling, lateness, billing, insurance, forms,
// directions.
var adminRules = []ruleTable{
	{"administrative.scheduling", kAdmin, 0, `
appointment
appointments
appt
appts
reschedule
rescheduling
rescheduled
schedule
scheduling
scheduled
booking
booked
book an
slot
slots
time slot
openings
availability
waitlist
intake
new clients
new patients
accepting new
evening hours
office hours
weekend hours
calendar
calendar invite
confirm
confirming
confirmed
confirmation
reminder
reminders
can we move
move my
move to
move thursday
push today
push my
switch to virtual
switch to weekly
weekly sessions
biweekly
extra session
longer session
phone session
virtual session
telehealth
zoom link
zoom
the link
video link
in person
meet earlier
still open
still available
the * spot
works for me
out of town
office hours
your hours
any openings
an opening
book a
to book
book me
push today
push todays
`},
	{"administrative.cancelling", kAdmin, 0, `
cancel
cancelling
canceling
cancellation
cancelled
canceled
late cancellation
no show
cant make it
cant come
wont make it today
cant make it today
need to cancel
pause therapy
`},
	{"administrative.lateness", kAdmin, 0, `
running late
running behind
running <num> min behind
running <num> minutes behind
running about <num> minutes behind
be late
im late
<num> min late
<num> mins late
<num> minutes late
minutes late
mins late
min late
be there in
on my way
omw
stuck in traffic
traffic on
missed the bus
stuck behind a train
`},
	{"administrative.billing", kAdmin, 0, `
bill
billing
billed
invoice
invoices
receipt
receipts
superbill
charge
charged
charges
charged twice
payment
payments
pay
paid
paying
copay
co pay
deductible
out of pocket
owe
collections
refund
fee
fees
sliding scale
sliding fee scale
cost
price
venmo
credit card
card on file
hsa
fsa
hsa card
eap
funds
insurance
insurer
in network
out of network
reimbursement
claim
claims
coverage
prior authorization
authorization
diagnosis code
aetna
cigna
blue cross
bcbs
medicaid
medicare
kaiser
united healthcare
your rates
rates for
the rates
session rate
in network
out of network
my balance
the balance
balance due
covered by
be covered
is covered
are covered
stopped covering
cover sessions
cover therapy
`},
	{"administrative.forms", kAdmin, 0, `
form
forms
paperwork
consent form
intake form
intake paperwork
release form
release of information
records
my records
copy of my records
fax
fax number
letterhead
letter for my employer
note for work
fmla
fill out
filled out
signed
signature
portal
email on file
update my
billing address
documentation
accommodations
sign the
to sign
sign it
e sign
wouldnt let me sign
`},
	{"administrative.directions", kAdmin, 0, `
address
directions
parking
garage
parking lot
suite
entrance
which door
lobby
elevator
google maps
train station
bus line
wheelchair
accessible
location
hard to find
easy to find
validate parking
where do i park
front desk
returned my calls
the building
which building
your building
where do i park
park in
park on
in the lobby
`},
	// Weak: a day and a time together mean scheduling; either alone does not.
	{"administrative.when_day", kAdminWeak, 0, `
monday
tuesday
wednesday
thursday
friday
saturday
sunday
mon
tue
tues
wed
thu
thurs
fri
sat
tomorrow
tmrw
today
next week
this week
next time
on the <ord>
the <ord>
morning
afternoon
evening
`},
	{"administrative.when_time", kAdminWeak, 0, `
<time>
at <num>
<num> pm
<num> am
<num> <num>
noon
oclock
`},
	{"administrative.change", kAdminWeak, 0, `
instead of
later
earlier
switch
`},
	{"administrative.session_word", kAdminWeak, 0, `
session
sessions
see you
`},
}

// contextRules decide whether a crisis phrase stands.
var contextRules = []ruleTable{
	// Negation scopes over the next few words of the same clause.
	{"context.negation", kNeg, 0, `
not
no
never
dont
doesnt
didnt
wont
wouldnt
isnt
arent
wasnt
werent
havent
hasnt
nor
without
`},
	// Phrases that start with a negation word but do not negate what follows.
	{"context.pseudo_negation", kPseudoNeg, 0, `
cant stop
can not stop
couldnt stop
cant help
not sure
not going to lie
not gonna lie
no matter
not only
cant wait
dont know how
dont know why
dont know what
dont know if
dont know when
no one
no idea
not even
dont even
not ok
not okay
not doing well
no longer
dont care
not anymore
dont see
dont think i can
wont stop
`},
	// Figures of speech that contain crisis words.
	{"context.idiom", kIdiom, 0, `
dying to
to die for
die of embarrassment
dying of embarrassment
died laughing
dying laughing
kill for
could kill for
kill two birds
killing it
killed it
killing time
kill time
drop dead
dead tired
bored to death
scared to death
death of me
shoot me a
shoot me an
murder the
nearly died
literally died
phone is dying
phone died
battery died
battery is dying
about to die
end it with
end things with
ending things with
ending it with
jump on
jump in
jump into
jump at
jump start
cutting back
cutting down
cut back
cut down
cut out
cutting out
cut my hair
cutting my hair
cut myself off
overdose on
overdosed on
on the edge of my seat
over the edge
killing me softly
cancel plans
cancelled plans
canceled plans
cancelling plans
canceling plans
attempted to
im afraid i
afraid i have to
afraid i need to
afraid i cant
no worries
dont worry about it
in the mood for
`},
	{"context.humor", kHumor, 0, `
lol
lmao
lmfao
haha
hahaha
hahahaha
hehe
jk
rofl
😂
🤣
💀
😆
😅
`},
	// A crisis phrase in a sentence about a film, a song or the news is
	// quoted or reported, not lived.
	{"context.media", kMedia, 0, `
movie
movies
film
films
show
series
episode
season
song
songs
lyric
lyrics
the line
book
novel
character
main character
documentary
podcast
article
news
the news
headline
story
celebrity
singer
actor
actress
statistics
rates
awareness
prevention
journalist
plot
`},
	{"context.first_person", kFirst, 0, `
i
im
ive
id
ill
me
my
myself
mine
`},
	{"context.third_person", kThird, 0, `
he
she
they
hes
shes
theyre
theyve
hed
shed
him
her
them
his
their
someone
somebody
people
friend
friends
friends
brother
sister
mom
mother
dad
father
son
daughter
roommate
cousin
husband
wife
partner
boyfriend
girlfriend
bf
gf
kid
kids
child
teen
teenager
student
man
woman
guy
girl
boy
singer
actor
celebrity
coworker
colleague
neighbor
neighbour
client
patient
grandma
grandpa
grandmother
grandfather
uncle
aunt
niece
nephew
classmate
`},
	{"context.past", kPast, 0, `
used to
years ago
year ago
months ago
a long time ago
long ago
last year
last month
last spring
last summer
last fall
last winter
back when
back then
back in
when i was
in the past
as a kid
as a child
as a teen
as a teenager
in high school
in college
in my twenties
in my teens
in my twenties
history of
at the time
<year>
`},
	{"context.past_tense", kPastTense, 0, `
was
were
had
did
used
tried
attempted
thought
wanted
overdosed
self harmed
`},
	{"context.recent", kRecent, 0, `
again
now
right now
tonight
today
lately
recently
this week
last night
yesterday
this morning
these days
coming back
are back
is back
currently
still
keep
keeps
anymore
`},
	{"context.resolved", kResolved, 0, `
doing better
doing much better
much better now
better now
im fine now
im ok now
im okay now
fine now
in a good place
in a better place
in a much better place
stable
recovered
recovery
havent in
havent done it
haven't done it
doesnt happen anymore
not anymore
no longer
proud of myself
proud of that
far away
turned things around
doing well
im safe
safe now
not in danger
staying alive
`},
}
