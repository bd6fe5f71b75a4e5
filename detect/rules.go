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
	kCrisis      kind = iota // enough alone for crisis, unless a context rule sets it aside
	kCrisisWeak              // crisis only when two different weak rules agree
	kClinical                // therapy content
	kAdmin                   // administrative alone
	kAdminWeak               // administrative when two different weak rules agree
	kNeg                     // negation cue: scopes over the next few words of its clause
	kPseudoNeg               // looks like a negation but is not ("cant stop", "not gonna lie")
	kIdiom                   // a figure of speech that contains a crisis word
	kHumor                   // joking marker: "lol", 😂
	kMedia                   // talk about films, songs, news: quoted, not lived
	kFirst                   // first-person subject
	kThird                   // third-person subject
	kPast                    // distant past: "years ago", "used to"
	kPastTense               // a past-tense verb, which with a resolution marker means it is over
	kRecent                  // now or very recently: "again", "tonight", "last night"
	kResolved                // the person says it is behind them: "doing much better now"
	kDoubt                   // "cant promise", "not sure": the negation after it does not negate
	kReported                // others' words about the writer: "told me to kill myself"
	kNotAdmin                // not logistics: "on my way home", "in session"
	kNotClinical             // not therapy content: "was a nightmare", "kidney failure"
	kGeneric                 // psychoeducation, policy, hypothetical second person: "if youre having"
	kHyperbole               // a joking exaggeration frame: "if i have to sit through one more"
	kBenignBye               // an ordinary farewell: "good luck", "well miss you", "retiring"
)

// flag adjusts how context rules apply to a crisis phrase.
type flag uint8

const (
	fAnySubject flag = 1 << iota // the phrase is about danger to the writer whoever the grammatical subject is
	fHumor                       // set aside in a joking sentence ("gonna kill me lol")
	fNoClinical                  // set aside, it says nothing clinical
	fMedia                       // clinical only when not about a film, a song or the news
	fOverIdiom                   // stands even where an idiom matched ("overdosed on purpose")
	fEvent                       // a finished event (set by build from the words): "attempted"
	fNegPolar                    // said with a negation: "wont be around much longer"
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
want the pain to stop forever
make the pain stop forever
no way out for me
see no way out
make it through the night
wont make it through the night
dont think ill make it through the night
dont think ill make it through tonight
theres no way out for me
wanting to die
been wanting to die
didnt want to live
didnt want to be alive
didnt want to be here
wasnt alive
werent alive
easier if i * wasnt
better if i * wasnt
if i just wasnt
point of waking up
point in waking up
reason to wake up
dont see myself being around
cant see myself being around
dont see myself being here
dont see myself alive
dont plan on being alive
dont plan on being around
would anyone care if
would anyone even care
would anyone care
if i disappeared tomorrow
if i disappeared would
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
all planned out
got it all planned
wrote my note
written my note
my note is
tonight the night
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
goodbye note
wrote a goodbye note
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
relapsed on cutting
relapsed on self harm
relapse on cutting
cutting relapse
self harm relapse
cutting right now
scratching my arms
scratch my arms
until they bleed
till they bleed
until i bleed
till i bleed
fresh cuts
new cuts
slit my wrists
slit my wrist
cut myself
cutting myself
cut my self
cutting again
been cutting
started cutting
cant stop cutting
cannot stop cutting
can not stop cutting
keep cutting myself
still cutting myself
need to cut myself
want to cut myself
wanna cut myself
want to cut so bad
gonna cut myself
going to cut myself
want to burn myself
burn myself on purpose
burned myself on purpose
burning myself on purpose
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
pills counted out
counted out my pills
counted out the pills
have the pills counted
pills lined up
lined up my pills
saving up my meds
saving my meds
saved up my meds
saving up my * pills
saving my * pills
stockpiling my
took too many of my
took too many sleeping pills
took too much of my
taking all my
take all my
take all of my
take all her pills
take all his pills
took a whole bottle
walk into the lake
walk into the ocean
walk into the river
walk into the water
walk into the sea
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
suicide note
wont need her anymore
wont need him anymore
wont need her
wont need him
wont need any of it
wont need any of them
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
giving away all my
giving away all of my
gave away all my
giving away my stuff
giving away my things
giving away everything
gave away everything
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
going to kill my
will kill my
ill kill my
bringing my * gun to
bringing a gun to
bring my * gun to
scared i might hurt
afraid i might hurt
scared ill hurt
afraid ill hurt
might hurt my
almost hurt my
could hurt him
could hurt her
could * hurt him
could * hurt her
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
called 911
calling 911
called an ambulance
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
dont know where to go
nowhere to go
had to leave the house
breaking things
screaming
if i leave
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
call her after
call him after
wont be around by then
goodbye
bye
i love you all
love you all
take care of yourself
`},
	{"crisis.final_gratitude", kCrisisWeak, fNoClinical, `
grateful for the time we had
thank you for the time we had
thanks for the time we had
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
dont see a way out
see no way out
no way out of this
dont have anything left
done with everything
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
bottle of vodka
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
nobody home
no one home
home alone
alone tonight
still might
tonight
friday
this weekend
by the weekend
on my birthday
`},
	// A relative or friend telling of someone's wish to die or plan, now:
	// a current risk, whoever it is about.
	{"crisis.other_at_risk", kCrisis, fAnySubject, `
researching overdose
looking up overdose
overdose amounts
wants to die
wants to end it
wants to end her life
wants to end his life
wants to kill herself
wants to kill himself
wants to kill themselves
going to kill herself
going to kill himself
going to kill themselves
going to hurt herself
going to hurt himself
threatening to kill herself
threatening to kill himself
threatening suicide
cutting herself
cutting himself
hurting herself
hurting himself
`},
	// An overdose taken on purpose, even where "overdosed on" is usually
	// a figure of speech.
	{"crisis.means_and_intent", kCrisis, fOverIdiom, `
overdosed on purpose
overdose on purpose
od on purpose
oded on purpose
`},
	// A medical emergency happening now.
	{"crisis.emergency", kCrisis, fAnySubject, `
im having a heart attack
having a heart attack right now
im having a stroke
having a seizure
cant breathe and chest pain
`},
	// Said only with a negation ("I won't be around much longer", "I don't
	// think I'll be alive much longer"), so a negation does not set them
	// aside.
	{"crisis.passive_ideation", kCrisis, fNegPolar, `
around much longer
alive much longer
here much longer
be around for christmas
be around for the holidays
be around for my birthday
`},
	// Not being able to stay safe is the risk itself, negation and all.
	{"crisis.unsafe", kCrisis, 0, `
cant keep myself safe
can not keep myself safe
dont know if i can keep myself safe
not sure i can keep myself safe
unable to keep myself safe
cant stay safe
cant promise ill be safe
not safe with myself
`},
	{"crisis.giving_away", kCrisisWeak, fAnySubject, `
giving away my
gave away my
given away my
giving her * away
giving his * away
giving away her
giving away his
gave his * to
gave her * to
`},
	{"crisis.means_at_hand", kCrisisWeak, 0, `
bottle of pills
took <num> of my
took <num> pills
swallowed <num>
all my lorazepam
all my xanax
all my klonopin
all my ativan
all my sleeping pills
all my pills
all my meds
all of my pills
all of my meds
take all of them
took like <num>
swallowed like <num>
whole bottle
how easy it would be
easy it would be to
`},
	// Having decided: adds to despair, says nothing alone.
	{"crisis.decision", kCrisisWeak, fNoClinical, `
im thinking about it
thinking about doing it
ive decided
i know what i have to do
know what i need to do
made my choice
`},
	{"crisis.hiding", kCrisisWeak, fAnySubject | fNoClinical, `
im hiding in
hiding in my closet
hiding in the bathroom
hiding in my room
hiding from him
hiding from her
locked myself in
`},
	{"crisis.stalking", kCrisisWeak, fAnySubject | fNoClinical, `
following me home
followed me home
is following me
been following me
parked outside
waiting outside
photo of my car
picture of my car
showed up at my
shows up at my
texting me threats
sending me threats
`},
	// Someone else's goodbye or apology, and not being able to reach them.
	{"crisis.other_goodbye", kCrisisWeak, fAnySubject, `
saying goodbye to
was saying goodbye
been saying goodbye
posted a goodbye
posted goodbye
said hes sorry
said shes sorry
said he was sorry
said she was sorry
`},
	{"crisis.unreachable", kCrisisWeak, fAnySubject | fNoClinical, `
isnt answering
not answering
wont answer
wont pick up
not picking up
cant reach her
cant reach him
cant reach them
`},
	// Some lexicon phrases are too broad to stand alone and are demoted to
	// weak ideation cues (see lexiconDemotions).
}

// clinicalRules add to the lexicon's clinical constructs the words clients
// actually use in messages, and what was said in session.
var clinicalRules = []ruleTable{
	{"clinical.mood", kClinical, 0, `
conflicted
feel like a monster
feels like a monster
feel worse
felt worse
feeling worse
felt so
feeling so
feel raw
felt raw
so raw
feeling better
feeling much better
proud of myself
shook me
hit me hard
brought up a lot
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
im a mess
such a mess
been a mess
hot mess
emotional mess
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
freeze up
i freeze
parents fought
no contact
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
breakthrough
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
attachment style
attachment issues
anxious attachment
avoidant attachment
attachment wounds
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
i miss him
i miss her
miss him so much
miss her so much
miss them so much
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
// directions. Words that also have everyday senses ("cancel", "lobby",
// "appointment", a day, a time) are weak: they count only with a request or
// a change they are about (see adminRoles).
var adminRules = []ruleTable{
	{"administrative.scheduling", kAdmin, 0, `
reschedule
rescheduling
rescheduled
re schedule
rebook
re book
schedule an
schedule a
schedule my
schedule me
on the schedule
back on the schedule
get on your schedule
scheduling
booking
booked
book an
book a
to book
book me
can i book
book something
slot
slots
time slot
openings
an opening
any openings
availability
waitlist
waiting list
wait list
intake
new clients
new patients
accepting new
evening hours
office hours
weekend hours
your hours
calendar invite
confirming
confirm my
confirm our
confirm the
to confirm
confirmation
reminder
reminders
appointment on
appointment at
appt on
appt at
next appointment
next appt
an appointment
appointment time
first appointment
first appt
still on for
is the * still on
switch to virtual
switch to weekly
switch to telehealth
weekly sessions
biweekly
every other week
extra session
longer session
phone session
video session
virtual session
telehealth
zoom link
video link
meet earlier
still open
still available
works for me
out of town
see you at <num>
see you at <time>
see you <time>
see you * at <num>
see you * at <time>
office be open
are you open
office open
closed on
be open on
come in early
<num> min early
<num> minutes early
do i come in
push today
push todays
pause our sessions
pause sessions
pause therapy
end therapy
will be my last session
be our last session
back on her schedule
back on his schedule
back on your schedule
on her schedule
on his schedule
on your schedule
building open
is the * open
open on saturday
open saturday
`},
	{"administrative.cancelling", kAdmin, 0, `
cancel my appointment
cancel my appointments
cancel my appt
cancel my session
cancel my sessions
cancel my * appointment
cancel my * appointments
cancel my * session
cancel my * slot
cancel our
cancel the appointment
cancel the session
cancel today
cancel todays
cancel tomorrow
cancel tomorrows
cancel this week
cancel next
cancel for
cancel on
cancel all
cancel it
cancel monday
cancel tuesday
cancel wednesday
cancel thursday
cancel friday
need to cancel
have to cancel
going to cancel
like to cancel
want to cancel
can i cancel
can we cancel
cancel if
if i cancel
cancelled my
canceled my
cancelling my
canceling my
cancelling today
canceling today
cancelling tomorrow
canceling tomorrow
for cancelling
for canceling
sorry to cancel
cancellation
cancellations
cancelation
cancelations
late cancel
no show
no showed
cant make it
cant come
wont make it today
cant make it today
sorry i missed
missed my appointment
missed my session
missed our session
missed our appointment
forgot about today
forgot my appointment
forgot about our
`},
	{"administrative.lateness", kAdmin, 0, `
running late
running behind
running a bit late
running a little late
running <num> min behind
running <num> minutes behind
running about <num> minutes behind
be late
im late
im going to be late
<num> min late
<num> mins late
<num> minutes late
<num> late
minutes late
mins late
min late
few minutes late
few mins late
minutes behind
be there in
be there at
be there by
be there soon
be there as soon as
tow truck
on my way
omw
heading over
<num> min out
<num> minutes out
minutes away
mins away
stuck in traffic
traffic on
missed the bus
bus is late
train got delayed
stuck behind a train
cutting it close
make it on time
be on time
start late
`},
	{"administrative.billing", kAdmin, 0, `
a bill for
the bill for
my bill
bill me
bill my
bill them
bill insurance
bill directly
bill for
pay the bill
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
copays
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
good faith estimate
cost
price
prepaid
venmo
credit card
card on file
card was declined
was declined
hsa
fsa
hsa card
eap
insurance
insurer
in network
out of network
reimbursement
claim
claims
coverage
prior authorization
pre authorization
preauthorization
authorization
diagnosis code
explanation of benefits
member id
policy number
group number
carrier
carriers
aetna
cigna
blue cross
bcbs
medicaid
medicare
tricare
humana
anthem
optum
kaiser
united healthcare
your rates
rates for
the rates
session rate
my balance
the balance
balance due
a statement
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
my records
medical records
copy of my records
send my records
records request
request records
fax
fax number
letterhead
letter for my
letter for
write a letter
letter confirming
letter stating
note for work
fmla
fill out
filled out
filling out
questionnaire
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
referral
treatment summary
`},
	{"administrative.directions", kAdmin, 0, `
directions
the address
your address
whats the address
what is the address
new address
wrong address
office address
address of
where do i park
where should i park
where to park
where can i park
is there parking
street parking
validate parking
validated parking
parking validation
how do i get there
how to get there
best way to get there
get there from
which entrance
which door
which building
which floor
what floor
which suite
where is the office
where is your office
where are you located
buzz me in
door is locked
gate code
parked out front
im parked
im in the lobby
here in the lobby
another entrance
google maps
gps
returned my calls
`},
	// Weak: a day and a time together mean scheduling only with a request
	// or a change; either alone does not.
	{"administrative.when_day", kAdminWeak, 0, `
monday
tuesday
wednesday
thursday
friday
saturday
sunday
mondays
tuesdays
wednesdays
thursdays
fridays
saturdays
sundays
weekends
evenings
mornings
afternoons
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
on the <ord>
the <ord>
morning
afternoon
evening
`},
	{"administrative.when_time", kAdminWeak, 0, `
<time>
at <num>
to <num>
after <num>
by <num>
around <num>
<num> pm
<num> am
<num> <num>
noon
oclock
what time
<num> min
<num> minutes
`},
	{"administrative.change", kAdminWeak, 0, `
instead
instead of
later
earlier
switch
swap
bump
push to
push it
push back
push our
move to
move it
move our
move my
can we move
moved to
different time
another time
other time
same time
still on
works
available
are you free
early
come in
`},
	{"administrative.session_word", kAdminWeak, 0, `
session
sessions
appointment
appointments
appt
appts
visit
consult
consultation
in person
zoom
calendar
`},
	{"administrative.request", kAdminWeak, 0, `
can we
could we
can i
could i
is it possible
would it be possible
any chance
do you have
do you guys have
do u guys have
do you offer
do you take
do you accept
are you
is there
let me know if
works for you
work for you
is that ok
if thats ok
may i
should i
do i need
could you
is the office
is your office
is the building
would you
`},
	{"administrative.place", kAdminWeak, 0, `
parking
garage
parking lot
parking garage
lobby
elevator
entrance
suite
building
location
waiting room
office
front desk
train station
bus stop
wheelchair
accessible
hard to find
easy to find
door
gate
address
`},
	{"administrative.object", kAdminWeak, 0, `
cancel
cancelled
canceled
cancelling
canceling
bill
records
signed
card
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
cant promise
cant guarantee
no guarantee
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
burned myself cooking
burnt myself cooking
burned myself on the
burnt myself on the
burned myself making
cut myself shaving
cut myself cooking
cut myself on the
cut myself chopping
feel like im having a heart attack
feels like im having a heart attack
like im having a heart attack
thought i was having a heart attack
hurt her feelings
hurt his feelings
hurt my feelings
hurt their feelings
hurt your feelings
dying to
is to die for
are to die for
was to die for
were to die for
thats to die for
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
🙄
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
the show
this show
that show
tv show
a show
the episode
this episode
that episode
final episode
last episode
new episode
episode <num>
in episode
this season
new season
last season
season <num>
the series
this series
song
songs
lyric
lyrics
the line where
the book
this book
that book
a book about
in the book
novel
character
main character
lead character
the character
documentary
doc about
docuseries
netflix
podcast
the article
this article
an article
article on
article about
the news
in the news
news about
news story
headline
the story
this story
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
the word
the term
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
history
weeks ago
a few weeks ago
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
came
went
felt
spent
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
years later
months later
look forward to
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
	// "I can't promise I won't…": the negation that follows is in doubt.
	{"context.doubt", kDoubt, 0, `
cant promise
can not promise
cant guarantee
no guarantee
not sure
dont know if
cant say
`},
	// Someone else's words about the writer, not the writer's own wish.
	{"context.reported", kReported, 0, `
said i should kill myself
told me to kill myself
told me i should kill myself
said to kill myself
told me to kms
kill yourself
kys
`},
	{"context.not_admin", kNotAdmin, 0, `
can we talk about
could we talk about
can we talk
can i talk
in session
in sessions
in our session
in our sessions
during session
during our session
after session
after our session
since our session
in our last session
on my way home
on my way to work
on my way to school
on my way back
on my way out
if im late
the bill passed
cant make it through
`},
	{"context.not_clinical", kNotClinical, 0, `
is a nightmare
was a nightmare
been a nightmare
such a nightmare
absolute nightmare
total nightmare
is a mess
was a mess
kidney failure
heart failure
liver failure
sad news
sad to hear
my car died
car died
phone died
battery died
laptop died
crisis text line
text line
crisis line
you are not alone
youre not alone
shot me through the heart
`},
	// Psychoeducation, a practice's policy, a hypothetical "you": about
	// people in general, not the writer.
	{"context.generic", kGeneric, 0, `
if youre
if you are having
if you ever
warning signs
signs of
know the signs
remind folks
your policy
policy if
policy on
practices policy
training on
training for
for our staff
is that self harm
is this self harm
is it self harm
count as self harm
counts as self harm
considered self harm
the word
the term
please say
what to do if
how to help someone
`},
	{"context.hyperbole", kHyperbole, 0, `
if i have to
one more
i swear if
if i hear
`},
	{"context.benign_bye", kBenignBye, 0, `
retiring
retirement
miss you
good luck
best wishes
congrats
congratulations
happy holidays
see you in
see you next
moving to
`},
}
