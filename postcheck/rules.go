package postcheck

import (
	"regexp"
	"strings"
	"sync"
)

// condition is an extra test on the sentence a pattern matched in, for the
// few contexts a regular expression cannot say (a private person's name).
type condition func(context string) bool

// spanKind says what a finding covers: the matched phrase, or the whole
// sentence when the problem is the sentence's tone rather than one phrase.
type spanKind int

const (
	spanMatch spanKind = iota
	spanSentence
)

// pattern is one row of a rule table. match is looked for sentence by
// sentence; with (required) and unless (forbidden) are looked for in that
// sentence and the back sentences before it. All are case-insensitive.
type pattern struct {
	match  string
	with   string
	unless string
	back   int
	whole  bool // with and unless look at the whole text
	cond   condition
	span   spanKind
}

type table struct {
	rule     Rule
	message  string // %s is the quoted fragment
	patterns []pattern
}

// Shared vocabulary, kept as alternations so each table row stays readable.
const (
	// Time words that turn "sessions" into a particular day's sessions.
	recent = `(?:today|tonight|yesterday|this (?:morning|afternoon|evening|week|month)|last (?:night|week)|earlier)`
	// People a therapist says they work with, besides "client".
	kin = `(?:kiddos?|kids?|child|teens?|teenagers?|adolescents?|couples?|famil(?:y|ies)|moms?|dads?|mothers?|fathers?|parents?|m[ae]n|wom[ae]n|veterans?|students?|girls?|boys?|guys?|folks|people|persons?|regulars|little ones?|someone|somebody|one|gentlem[ae]n|lad(?:y|ies)|grand(?:mother|father|ma|pa)s?|widows?|widowers?|retirees?|survivors?|toddlers?|preschoolers?|\w+ graders?|high schoolers?|\w+-year-olds?)`
	// People in a particular anecdote ("a mom", "the teenager", "a
	// six-year-old"); narrower than kin, without "people" or "someone", so a
	// thank-you to "the people who came today" is not an anecdote.
	anecdotal = `(?:kiddos?|kids?|child|teens?|teenagers?|adolescents?|couples?|famil(?:y|ies)|moms?|dads?|mothers?|fathers?|m[ae]n|wom[ae]n|gentlem[ae]n|lad(?:y|ies)|veterans?|girls?|boys?|grand(?:mother|father|ma|pa)s?|widows?|widowers?|retirees?|survivors?|toddlers?|preschoolers?|\w+ graders?|high schoolers?|college students?|[\w]+-year-olds?|person i)`
	// Verbs of working with someone in therapy, first person.
	seeVerb = `(?:been )?(?:work(?:ing|ed)? with|see(?:ing)?|saw|treat(?:ing|ed)?|counsel(?:ing|ed)?|assessed|evaluated|met with)`
	// First person before seeVerb: "I", "I've", "I have", "I'm".
	iSubj = `(?:i|i've|i'm|i have|i am|i was|we|we've)`
	// Service statements, where "clients" means prospective clients.
	service = `(?:accept(?:ing)?|welcom(?:e|es|ing)|now seeing|seeing new|openings?|taking new|new clients|serv(?:e|es|ing)|available|book(?:ing)?|schedul|portal|privacy|confidential|consent|of our practice|of all ages|reschedule)`

	// Scheduling notices about sessions, which are not about clients.
	adminNotice = `\b(?:schedule|scheduling|book|spots?|virtual|telehealth|online|in person|closed|resume|available|moved|running|weather|snow|holiday|break is|reminder|rescheduled|will be|are all)\b`

	// Health conditions, diagnoses, treatment and substance use.
	health = `(?:depress(?:ion|ed)|anxiety|panic (?:attacks?|disorder)|ptsd|c-ptsd|ocd|adhd|autism|autistic|asperger'?s|bipolar|manic|mania|schizo\w*|psychos[ie]s|psychotic|borderline|bpd|anorexi[ac]|bulimi[ac]|binge eating|eating disorder|dementia|alzheimer'?s|parkinson'?s|cancer|chemo|hiv|aids|diabetes|diabetic|insulin|lupus|epilep\w+|seizures?|agoraphobia|postpartum|miscarriage|pregnan(?:t|cy)|addict(?:ed|ion)?|alcoholi(?:c|sm)|sober|sobriety|relaps(?:e|ed|ing)|overdos(?:e|ed)|suicidal|suicide attempt|attempted suicide|self[- ]harm(?:ing)?|cutting|suicidal ideation|hospitali[sz]ed|psych (?:ward|unit|hospital)|inpatient|rehab|detox|heroin|opioids?|meth|cocaine|vaping|weed|diagnos(?:ed|is)|disorder|meds|medications?|hearing voices|(?:drinking|using|cutting|purging) again|clean for \d+|\d+ (?:days|months|years) clean|als\b|ms\b|dysphoria|dissociative|tbi|stroke|terminal|stage \d)`
	// Medicines, by brand or generic name, and doses.
	meds = `(?:lexapro|escitalopram|zoloft|sertraline|prozac|fluoxetine|paxil|paroxetine|celexa|citalopram|wellbutrin|bupropion|effexor|venlafaxine|cymbalta|duloxetine|trazodone|lithium|lamictal|lamotrigine|depakote|seroquel|quetiapine|abilify|aripiprazole|risperdal|risperidone|zyprexa|olanzapine|clozapine|haldol|adderall|ritalin|vyvanse|concerta|strattera|xanax|alprazolam|klonopin|clonazepam|ativan|lorazepam|valium|buspar|buspirone|hydroxyzine|suboxone|methadone|naltrexone|vivitrol|ambien|gabapentin|prazosin|spravato|insulin|ssris?|antidepressants?|antipsychotics?|mood stabili[sz]ers?|benzos?|\d+ ?mg)\b`
	// One particular client: the subject of a sentence about a person.
	oneClient = `(?:\b(?:a|one|another|this|that|my|today's|the|her|his|their|our)\s+(?:(?:new|former|old|past|current|first|last|teen|young|little|\w+-year-old)\s+)?(?:client|patient)\b|\bmy \d{1,2}(?::\d\d)? ?(?:am|pm|o'clock)\b|\bone of my\b|\bon my caseload\b|\b` + kin + ` ` + iSubj + ` ` + seeVerb + `\b)`
	// Third-person pointers to a particular person.
	person = `\b(?:he|she|he's|she's|his|her|him|they're|client's|patient's|husband|wife|partner|son|daughter|brother|sister|mom's|dad's)\b`
	// An age given for a person (not an age range for a group).
	age = `(?:\b\d{1,2}[- ]?(?:years?[- ]old|yr[- ]old|yo|y/o)\b|\b(?:he's|she's|he is|she is|he was|she was|they're) \d{1,2}\b(?:[.,!;]|$| and| years)|\bage[ds]? \d{1,2}\b|\(\d{1,2}\)|, \d{1,2},|\b\d0-something\b|\b(?:is|was|turned) \d{1,2},)`
	// Wording of an age range or a study, which describes groups, not people.
	ageGroup = `(?:\bages? \d+ ?(?:to|-|–|and up|\+)|\baged \d+ ?(?:to|-|–|and up|\+)|as young as|\bstudy\b|\bresearch|\bpercent|%|\bkids\b|\bchildren\b|\bteens\b|\badults\b)`
	// The practice's own contact details and crisis lines, which are fine.
	business = `(?:\b(?:call|text|reach|contact|email|phone)\s+(?:us|me|our|the office)\b|\bour (?:office|phone|number|main line|new office|address|building)|\boffice\b|\bsuite\b|\bhotline\b|\bhelpline\b|\blifeline\b|\bcrisis\b|\bto (?:schedule|book)\b|\bour (?:new )?address\b|\bwe're moving\b|\bappointments?\b|\bconsult|\bfind us\b|\bwe(?:'re| are)? (?:moving|located)\b|\blocated\b|\bparking\b|\btoll[- ]free\b|\bfax\b)`
	// Professional introductions of colleagues and speakers.
	professional = `(?:speciali[sz]|\bworks? with\b|\bavailable\b|\b(?:our|new) (?:\w+ )?(?:therapist|counsel+or|clinician|psychiatrist|psychologist|coordinator|nurse practitioner)\b|, (?:lpc|lmft|lcsw|psyd|phd|pmhnp|md|lcpc|lmhc|np)\b|\bspeak|\btalk\b|\bwebinar|\bpodcast|\bpresent|\btraining|\bworkshop|\bbook\b|\bauthor|\bresearch|\bjoin\b|\bwelcome|\bcertified|\bexpert|\bnow seeing|\boffers?\b|\bi help\b|\bconference)`

	// Who a therapist may vent about: clients, colleagues, the workplace
	// and its paperwork.
	target = `(?:\bat work\b|\bmy \d{1,2}(?::\d\d)? ?(?:am|pm|o'clock)\b|\b(?:client's|patient's) (?:mother|father|mom|dad|parents?|husband|wife|partner)\b|\b(?:parents|clients|patients|colleagues|coworkers) who\b|\bwhoever\b|\b(?:supervisors?|boss(?:es)?|managers?|management|admin(?:istration|istrators?)?|directors?|leadership|billing|schedul(?:er|ing)|ehr|bureaucracy|red tape|insurers?|payers?|aetna|cigna|bcbs|blue cross|optum|medicaid|medicare|united ?healthcare|anthem|humana|tricare|magellan|prior auth\w*|authori[sz]ations?|claims?|denials?|reimburs\w*|late cancels?|co-?workers?|colleagues?|office ?mates?|co-therapists?|interns?|front (?:desk|office)|receptionists?|hr|agency|intakes?|cancellations?|late cancels?|team meetings?|staff meetings?|meetings?|trainings?|clients?|patients?|no-?shows?|no-?showed|parents of|insurance(?: companies)?|paperwork|documentation|progress notes|notes|charting|ehr|audits?|caseload|productivity)\b|\b(?:this|my|our) (?:clinic|agency|practice|job|place|hospital|company|workplace|organi[sz]ation|employer)\b|\bpeople who (?:book|cancel|don't|do not|no-show|show up|never)|\bworking at\b)`
	// Frustration, contempt or exhaustion.
	negative = `(?:useless|clueless|incompetent|\blazy\b|annoying|annoyed|exhausting|draining|drives? me (?:nuts|crazy|insane|up the wall|bonkers)|\bso done\b|\bdone with\b|\bdone chasing\b|\bi'm done\b|fed up|\bsick and tired of\b|\bover it\b|\bso over\b|can'?t stand|cannot stand|\bhate\b|\bthe worst\b|ridiculous|absurd|insulting|pathetic|toxic|\ba joke\b|\ba mess\b|nightmare|impossible to work with|entitled|\brude\b|disrespectful|unprofessional|gossip|micromanag\w*|\bclowns?\b|idiots?|morons?|pointless|waste of time|\bunreal\b|cares? more about|could(?:n't| not) care less|nobody (?:in \w+ )?cares|doesn't care|sucking the life|killing me|burn(?:t|ed) out|\bangry\b|furious|lose it|losing my mind|judging you|begging you|you are the reason|\bwhy\.{2,}|\.\.\. ?why|\brant\b|\bugh\b|🙄|🙃|\bsmh\b|\btypical\b|love that for (?:me|us)|\bpeak\b|declared|stealing|\bblames?\b|double-booked|accomplished nothing|hamster wheel|dumpster fire|\bcircus\b|underpaid|overworked|understaffed|underfunded|do their job|zero support|no support|all criticism|takes? credit|taking credit|every single|\bagain\b|no lunch|mandatory fun|i know it's you|drowning|how am i supposed to|if it bit (?:them|him|her|me)|nothing says|pizza party|thanks,? (?:agency|management|admin|boss|hr|leadership)\b|why do i (?:even )?bother|what's the point|should have been an email|another (?:day|week|month), another|😤|😡|🤬|😒|\bchasing\b|revolving door|garbage|\btrash\b|\bsucks\b|grumpy|won't return|\b(?:please|just) stop\b|\bstop[.!]|^\W*why\W*$|\bcool,? cool\b|\bjust no\b|\bwhy (?:do|does|is|are|would|can't|won't) (?:\w+ ){0,3}(?:think|even|always|never|insist|keep)\b|\?!|!\?|\bplease learn\b|\bshould be fired\b|\b(?:system|process|it) is (?:so |completely |totally )?broken\b|\bbroken system\b|\bi'm (?:so )?tired\b|\bi give up\b|\bscream\b|\bthe irony\b|\bcould have been an email\b|\bread the room\b|\bunbelievable\b|\bcan't make this up\b|\bpassive[- ]aggressive\b|\bit shows\b|\bmakes? (?:our|my) (?:jobs?|lives|life|work) harder\b|\b(?:don't|doesn't|no) respect\b|\bmiracle worker\b|\bchewed (?:me )?out\b|\byelled at me\b|\bspectator sport\b|\bwon't be nice\b|\bhates? me\b|\bfor once\b|\blife choices\b|\basked nicely\b|\btalking to a wall\b|\bclawed (?:it )?back\b|\bon hold (?:for|with)\b|\bcan't keep\b|\bcovering for\b|\bexpects? (?:us|me) to\b|\bno breaks?\b|\bwho (?:designs?|thought|decided)\b|\bbureaucracy\b|\bred tape\b|\bdenied (?:another|my|our|the|a|again)\b|\bhoops\b|\bthird time\b|\bbrutal\b|\bif one more\b|\byet another\b|\bkeeps? (?:losing|forgetting|booking|double|messing|ignoring|interrupting|cancel\w*|asking|dumping)\b|\bseriously\?|\bwhat exactly\b|\bfor the love of\b|\bbless (?:their|his|her) heart\b|\bi can't even\b|\bcome on\b|\bnot ok(?:ay)?\b|\bincompeten\w*|\bat its finest\b|\bignor(?:e|es|ing) (?:every|all|our|my)\b|\byell(?:s|ed|ing)? at me\b|\bi (?:cannot|can't)\s*[.!]|\bi just can't\b|\b(?:some|certain) (?:clients|patients|people|parents|colleagues|coworkers) (?:think|seem to think|believe|expect|act like|treat)\b)`
	// Advice and psychoeducation about difficult workplaces, addressed to
	// readers, which is not venting.
	advice = `(?:\btips?\b|^how to\b|\bhere's how\b|\bhow to (?:cope|deal|handle|survive|set|talk|manage|spot|tell|recover|protect|know)\b|\bparity\b|\badvoca\w+|\blegislat\w+|\bcall your (?:state |local )?(?:senator|representative|rep|legislator|congress\w*)\b|\bpetition\b|\bwe stand with\b|\b(?:drinking|using|cutting|purging|smoking|self-harming) again\b|\bscripts?\b|\bways to\b|\bsigns? of\b|\bif you(?:'re| are)?\b|\byour (?:boss|supervisor|manager|coworkers?|colleagues?|workplace|job)\b|\bseek therapy\b|\bthe stigma\b)`
)

// tables is built once; the tables are read-only afterwards.
var tables = sync.OnceValue(func() []table {
	return []table{
		{
			rule:    ClientReference,
			message: "%s refers to a client or a session. Even without a name, clients and people who know them can recognise themselves, and a post about them breaches confidentiality. Keep the lesson, drop the client.",
			patterns: []pattern{
				// "a client asked me", "one patient", "my new client", "a client's art";
				// not "if a client needs to cancel" (policy) or "a client portal".
				{match: `\b(?:a|one|another|this|that|today's|my|her|his|their|our|your)\s+(?:(?:new|former|old|past|current|first|last|teen|young|little|long-?time|sweet)\s+)?(?:client|patient)(?:'s)?\b(?:\s+(?:portal|centered|centred|-centered|focused|forms?|base|list|file|relationship))?`,
					unless: `\b(?:if|whether|every|each|any|should|can|may)\s+(?:a|one|another|my)\s+(?:\w+\s+)?(?:client|patient)\b|\b(?:client|patient)\s+(?:portal|centered|centred|-centered|focused|forms?|base|list|relationship)\b|\b(?:is|are|was|were|be|been|being|become|becoming|as) (?:a|an) (?:\w+ )?(?:client|patient)\b|\b(?:client|patient) of (?:mine|ours)\b`},
				// "my clients", "my morning clients", "my child clients".
				{match: `\bmy\s+(?:\w+\s+)?(?:clients|patients|kiddos|teens|couples|families)\b`},
				// "my amazing client Tasha", "my teen client"; not "my ideal client"
				// (a marketing term) or "my client portal".
				{match: `\bmy (?:[\w-]+ ){1,2}(?:client|patient)s?\b`,
					unless: `\bmy (?:\w+ )?(?:ideal|dream|target|potential|prospective|future) (?:client|patient)|\b(?:client|patient)s? (?:portal|centered|centred|focused|forms?|base|list|relationship|care|experience)\b`},
				// "a six-year-old showed me ... this morning", "watched a mom and her
				// son ... this afternoon": a particular person, a particular day, and
				// the therapist there.
				{match: `\b(?:a|an|one|another|this|the|that)\s+(?:[\w-]+\s+){0,2}?` + anecdotal + `\b`,
					with: `\b` + recent + `\b`, cond: toMe, unless: `^\W*if\b|\bif (?:a|an|your|you)\b|\byour\b`},
				// "a kiddo who finally slept in his own bed": therapists' word for a
				// young client.
				{match: `\b(?:a|one|another|this|that|the)\s+(?:[\w-]+\s+)?kiddos?\b`, unless: `\b(?:if|when|your|every|each|any)\b`},
				// "I've been working with a retired firefighter", "I'm seeing a
				// couple who"; not "working with a publisher".
				{match: `\b(?:i've been|i have been|i'm|i am|been|currently|i've) (?:working with|seeing|treating|counseling) (?:a|an|this|one|two|three|several|some)\b`,
					unless: `\b(?:publisher|editor|coach|team|company|school|district|agency|organi[sz]ation|nonprofit|designer|contractor|supervisor|consultant|mentor|therapist|trainer|brand|podcast|book|developer)\b`},
				{match: `\bsat with (?:a|an|this|one)\b`},
				// "my Tuesday group", "my teen group", "my DBT group".
				{match: `\bmy (?:\w+day|morning|afternoon|evening|teen|kids'?|adolescent|dbt|grief|anxiety|trauma|parenting|support|process|therapy|social skills|men's|women's) groups?\b`},
				// "tears in my office this week".
				{match: `\b(?:tears|crying|cried|laughter|laughing|hugs?|breakthroughs?|someone|somebody)\b[^.!?]{0,20}\bin my office\b|\bin my office (?:today|this week|this morning|yesterday|this afternoon)\b`},
				// "three sessions back to back about loss": what particular sessions
				// were about. A count alone ("six intakes in a row") is workload.
				{match: `\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:\w+\s+)?(?:sessions|intakes|clients|couples|families)\b`,
					with:   `\b(?:today|tonight|yesterday|this (?:morning|afternoon|week)|in a row|back to back|straight)\b[^.!?]*\b(?:about|where|who)\b`,
					unless: adminNotice + `|\b(?:offer|package|includes?|intensives?|program|course|series|per|each)\b`},
				// "a grandmother who's been coming to see me".
				{match: `\bwho(?:'s| has| had)? (?:been )?(?:coming|comes|came) (?:to )?see me\b`},
				// "the client has been hospitalized"; not "the client may cancel".
				{match: `\bthe (?:client|patient) (?:has|had|was|is|said|told|asked|came|left|called|emailed|texted|cried|just|finally|didn't|did not|wasn't|won't)\b`,
					unless: `\b(?:may|must|should|will|can)\b|\bif\b`},
				// A case described for consultation: "28 yo male", "a 15-year-old girl".
				{match: `\b\d{1,2}\s?(?:yo|y/o|y\.o\.|-year-old|year old|yr old)\s+(?:male|female|man|woman|boy|girl|m|f|nonbinary|trans|vet|veteran)\b`},
				// "parents who ... text me during session": the therapist's own.
				{match: `\b(?:clients|patients|parents|families|couples) who\b[^.!?]*\b(?:me|my)\b`, unless: `\b(?:will be|may|must|should)\b`},
				// "session highlight:", "(not her real name)", "she came to me after".
				{match: `\bsession (?:highlights?|moments?|wins?|stor(?:y|ies)|updates?|of the (?:day|week))\b|\bnot (?:his|her|their|my client's) real name\b|\b(?:names?|details) (?:have been |has been )?changed\b|\bcame to (?:me|see me|my office)\b`},
				// "three people told me this week", "someone asked me today".
				{match: `\b(?:people|someone|somebody|clients|folks|parents|couples) (?:have |has )?(?:told|asked|said to|shared with|confided in) me\b`, with: `\b` + recent + `\b`},
				{match: `\b(?:half|most|all|much|part|some|a third|a lot|a quarter) (?:of )?my caseload\b`},
				// "40s female", "late 30s male": a case described for consultation.
				{match: `\b(?:late |early |mid-?)?\d0s,? (?:male|female|m|f|man|woman|mom|dad|veteran|vet)\b`},
				// "had a lovely session with", "a session with a couple who".
				{match: `\b(?:had|just had|finished|wrapped) (?:a|an|my) (?:[\w-]+ )?(?:session|intake|appointment) with\b|\bsessions? with (?:a|an|this|the|one) (?:[\w-]+ )?` + anecdotal + ` who\b`},
				// "some clients think my cell phone is a hotline": the therapist's own.
				{match: `\b(?:some|certain|many|most|a few) (?:of my )?(?:clients|patients) (?:think|seem to think|believe|expect|act like|treat|assume)\b`, cond: firstPerson},
				// "a brutal week of no-shows".
				{match: `\b(?:week|day|morning|afternoon|month) (?:full )?of (?:no-?shows|late cancel\w*|cancellations|crises)\b`},
				// "one of my teens", "three of my clients", "one of our clients".
				{match: `\b(?:one|two|three|four|five|some|several|many|most|all|none|a few|a couple|each|half|another) of (?:my|our) (?:clients|patients|kiddos|kids|teens|teenagers|couples|families|regulars|folks|group members|students)\b`},
				// "client win of the week", "client quote".
				{match: `\bclient (?:win|wins|moment|story|stories|quote|update|breakthrough|of the (?:week|day))\b`},
				// "things people tell me", "overheard in my waiting room".
				{match: `\b(?:things|what) (?:people|clients|kids|teens|someone|couples) (?:tell|told|say|said|share|shared) (?:me|to me)\b|\boverheard in\b|\bin my (?:waiting room|therapy room|office today)\b|\bmy caseload (?:this|today|lately|right now|is full of)\b|\bmy caseload:`},
				// "someone in my DBT group", "teens in my groups".
				{match: `\b` + kin + ` in my (?:[\w']+ ){0,2}(?:office|groups?|sessions?|caseload|waiting room)\b`},
				// "a survivor finally said ... in session": a particular person in session.
				{match: `\bin (?:session|group|therapy)\b`,
					with: `\b(?:someone|somebody|(?:a|one) (?:\w+ )?(?:survivor|client|patient|mom|dad|man|woman|teen|kid|kiddo|couple|person|child|veteran|grader))\b`, unless: `\byour?\b`},
				// "working with a young mom right now who...".
				{match: `\bworking with (?:a|an|this) (?:[\w-]+ ){0,2}(?:mom|dad|teen|kid|kiddo|man|woman|couple|family|veteran|client|patient|survivor|boy|girl|student|person|grader)\b`,
					unless: `\bif\b|\bexperience\b|\bworking with a (?:therapist|counsel)`},
				// "three intakes cancelled": a particular day's clients.
				{match: `\b(?:intakes?|clients?|appointments?|patients?) (?:cancel+ed|no-?showed|bailed|ghosted)\b`, unless: `\bdue to\b|\bweather\b|\bsnow\b|\bholiday\b|\bclosed\b`},
				// Former clients are still clients.
				{match: `\bformer (?:client|patient)\b`},
				// "in session this week", "after session today", "today in group".
				{match: `\b(?:in|during|after|before|between|from|end of|start of)\s+(?:a\s+|my\s+|our\s+|the\s+)?(?:sessions?|group|therapy|couples session|family session)\s+` + recent + `\b`, unless: `\byour (?:\w+ )?sessions?\b`},
				{match: `\b(?:today|yesterday|this (?:morning|afternoon|week))(?:'s)?,?\s+(?:in\s+)?(?:sessions?|group|intakes?|clients?)\b`},
				// "heavy sessions today", "couples session this morning".
				{match: `\b(?:sessions?|intakes?) (?:today|tonight|yesterday|this (?:morning|afternoon|evening|week)|last (?:night|week))\b`, unless: adminNotice + `|\byour (?:\w+ )?sessions?\b`},
				// "today's session", "today's client", "this week's session highlight".
				{match: `\b(?:today|tonight|this week|this morning|yesterday)'s (?:\w+ )?(?:sessions?|clients?|patients?|intakes?|group)\b`},
				// "my last session of the day", "our final session", "my first client".
				{match: `\b(?:my|our) (?:last|first|final|next|hardest|toughest|best|morning|afternoon|evening|late|early) (?:session|client|patient|intake|appointment|group)s?\b`, unless: adminNotice},
				{match: `\blast (?:session|client|appointment) of the (?:day|week|night)\b`},
				// "the hardest session of my career", "a grueling intake".
				{match: `\b(?:hardest|toughest|heaviest|saddest|funniest|weirdest|strangest|wildest|grueling|tough|rough|heavy|intense|draining|doozy of a) (?:session|intake)s?\b`,
					with: `\b(?:i|i'm|i've|me|my|had|just|today|tonight|yesterday|this (?:morning|week))\b`, unless: `\byour\b|\bafter a (?:hard|tough|heavy|rough) session\b`},
				// "ended my day with a session where...", "a session I had".
				{match: `\b(?:with|had) (?:a|an) (?:\w+ )?(?:session|intake) (?:where|that|in which|who|i)\b`},
				// "just finished a session", "just finished a grueling intake".
				{match: `\bjust (?:finished|wrapped(?: up)?|got out of|ended|had|left) (?:a|an|my|another|the)(?: \w+)? (?:session|intake|therapy session)s?\b`},
				// "my 3pm", "my 10 o'clock", unless it is a meeting or a class.
				{match: `\bmy \d{1,2}(?::\d\d)? ?(?:am|pm|o'clock)\b`,
					unless: `\bmy \d{1,2}(?::\d\d)? ?(?:am|pm|o'clock) (?:meeting|call|class|flight|coffee|workout|yoga|train|run|webinar|training)`},
				// "someone I work with", "a dad I work with", "the kid I assessed today".
				{match: `\b` + kin + ` ` + iSubj + ` ` + seeVerb + `\b`,
					unless: `\bteam\b|\bcolleagues?\b|\bco-?workers?\b|\bstaff\b`, whole: true},
				// Placement and referral requests describe a client: "need a bed for a 17 yo".
				{match: `\b(?:need|needs|looking for|seeking|searching for|anyone have|recommend|suggest|know of|referrals? for|recommendations? for)\b[^.!?]{0,60}\bfor (?:a|an|my|our) (?:\d{1,2}[- ]?(?:years?[- ]old|yr[- ]old|yo|y/o)|\d0-something|client|patient|teen|kiddo|kid|child|young|adolescent|woman|man|mom|dad|couple|family|veteran)`},
				{match: `\b(?:kid|child|teen|client|patient|woman|man|mom|dad|couple|family|boy|girl|person|kiddo) i (?:assessed|evaluated|saw|met|treated|see|work with|worked with|counsel)\b`},
				// "I see a 32-year-old veteran", "I saw a couple who".
				{match: `\bi (?:saw|met with|treated|assessed|evaluated|counseled|see) (?:a|an|this) (?:\d+[- ]year[- ]old|\d0-something|couple|family|teen|kid|kiddo|mom|dad|man|woman|veteran|client|patient)\b`},
				// "had a 6-year-old explain", "had a client cancel", "had a kiddo".
				{match: `\bhad an? (?:\d{1,2}[- ]year[- ]old|client|patient|kiddo|kid|teen|couple|family|mom|dad|new intake|little one|toddler|preschooler)\b`},
				// "a mom said", "a little one asked", "a teen finally".
				{match: `\b(?:a|one|another) (?:little one|kiddo|kid|teen|teenager|mom|dad|mother|father|couple|man|woman|veteran|girl|boy|college student|grandmother|grandfather|husband|wife) (?:asked|told|said|shared|cried|hugged|drew|brought|showed|texted|emailed|stood|called|realized|admitted|finally|who hadn't|who had)\b`,
					with: `\b(?:session|group|today|yesterday|this (?:morning|week)|my (?:office|couch)|me)\b`},
				// "a kiddo used his skills ... emailed me", "a 4th grader taught me".
				{match: `\b(?:a|one|another) (?:grown |young |little |sweet )?(?:kiddo|kid|teen|teenager|\d+(?:st|nd|rd|th) grader|preschooler|toddler|high schooler|college student|survivor|widow|mom|dad|couple|man|woman|veteran|grandma|grandpa|girl|boy) (?:\w+ed|told|said|drew|brought|came|gave|taught|made|wrote|sent|stood|ran|got|left|showed|asked|hugged|crying|cried|laughing)\b`,
					with: `\b(?:me|my|session|group|today|yesterday|this (?:morning|week)|last (?:week|month))\b`, unless: `\bif\b|\bwhen a\b`},
				// "kiddo on my caseload", "between clients", "on my couch".
				{match: `\bon my caseload\b|\bbetween clients\b|\bon my couch\b|\bcame in today\b|\bwalked into my office\b`},
				{match: `\bbetween sessions\b`, with: `\b(?:today|i|i'm|me|my)\b`, unless: `\byour?\b|\bpractice\b|\bhomework\b`},
				// "Jane from my Tuesday group", "Emily from our Wednesday group".
				{match: `\bfrom (?:my|our) (?:\w+ )?(?:group|caseload|dbt group|support group)\b`},
				// "intake for Marcus", "session with Jake": a named client.
				{match: `\b(?:intake|session|appointment) (?:for|with) (?-i:[A-Z][a-z]+)\b`, unless: `\b(?:dr|doctor)\b`},
				// Quoted dialogue: "Client: 'Is it normal…'".
				{match: `(?:^|\s)(?:client|patient|kiddo|teen|kid)\s*:`},
				// No-shows and cancellations on a particular day are clients.
				{match: `\b(?:no-?shows?|no-?showed|late cancel\w*|cancellations?)\b`, with: `\b` + recent + `\b|\bmy \d`},
			},
		},
		{
			rule:    TestimonialSolicitation,
			message: "%s asks for a review, rating, testimonial, endorsement or like. Professional ethics codes bar soliciting testimonials from clients, and it invites clients to disclose that they are in therapy.",
			patterns: []pattern{
				// "leave us a review", "write a quick review", "give us a 5-star rating".
				{match: `\b(?:leave|leaving|left|write|writing|post|give|drop|submit|send)\s+(?:us\s+|me\s+)?(?:an?\s+|your\s+|some\s+|one\s+)?(?:(?:quick|short|honest|brief|positive|kind|google|yelp|facebook|5[- ]star|five[- ]star|online|glowing)\s+)*(?:reviews?|ratings?|testimonials?|recommendations?|endorsements?)\b`,
					unless: `\b(?:books?|authors?|novels?|album|podcast (?:i|we) love)\b|\b(?:do not|don't|never|not)\s+(?:\w+\s+){0,2}(?:post|leave|write|give)`},
				// "leave yours", "leave one today" after talk of reviews.
				{match: `\bleave (?:yours|one)\b`, with: `\breviews?\b`, back: 1},
				// "review us", "rate us", "recommend us", "endorse me", "review our practice".
				{match: `\b(?:review(?:ing)?|rat(?:e|ing)|recommend(?:ing)?|endors(?:e|ing)|nominat(?:e|ing)|rank)\s+(?:us|me|our (?:practice|clinic|office|team|center|centre|therapists?|counselors?|services?|group))\b`},
				// "vote for us", "vote for Harbor Counseling as best practice".
				{match: `\bvot(?:e|ing)\b(?: for)?`, with: `\bbest\b|\baward|\bnominat|\bfavou?rite\b|\bvote for us\b`, unless: `\belection|\bballot|\bpolls?\b|\bregister(?:ed)? to vote`, back: 1},
				// "give us 5 stars", "rate us 5 stars".
				{match: `\b(?:give|leave|rate)\s+(?:us\s+|me\s+)?(?:5|five)[- ]stars?\b`},
				// "your reviews mean everything", "five-star reviews help small practices".
				{match: `\b(?:your|every|each|\d+|google|yelp|five[- ]star|5[- ]star|online|positive) (?:reviews?|ratings?) (?:means?|helps?|matters?|counts?|makes?)\b`},
				{match: `\b(?:reach|get to|hit) \d+ (?:\w+ )?reviews\b`},
				// Reviews on a named review site: "a review on Yelp would mean the world".
				{match: `\b(?:reviews?|rating|rate|feedback)\b[^.!?]{0,40}?\b(?:on|at|via) (?:google|yelp|facebook|healthgrades|zocdoc|psychology today|bbb|linkedin|therapyden|vitals|trustpilot)\b`,
					unless: `\bbooks?\b|\bread\b`},
				{match: `\b(?:google|yelp|facebook|healthgrades|zocdoc) reviews?\b`,
					with: `\b(?:leave|give|help|please|would|if|shout|click|link|appreciate|grateful|love)\b`},
				// Review links in templates: "g.page/r/…", "harbor.co/review".
				{match: `\breview link\b|g\.page/r/\S*|\S+/(?:review|reviews|writereview)\b`},
				// "let the world know with a review".
				{match: `\bwith a (?:quick |short |google |yelp |kind )?review\b`},
				// Testimonials and success stories asked for; not a policy of never asking.
				{match: `\b(?:success stor(?:y|ies)|testimonials?)\b`,
					unless: `\b(?:don't|do not|never|won't|will not|cannot|can't|not)\b[^.!?]*\b(?:testimonials?|success stor)|\bethic`},
				// "share your experience working with Dr. Lee", "share your story with us".
				{match: `\bshare your (?:\w+ )?(?:experiences?|stor(?:y|ies)|journey|wins?)\s+(?:with us|working with|with (?:our|dr\b|the)|at (?:our|the)|of working|on (?:google|yelp|facebook))`},
				// "tell us how we helped", "tell others about your experience".
				{match: `\btell (?:us|others|the world|everyone|your friends|people) (?:how|about) (?:we\b|our\b|therapy with us|counseling with us|working with (?:us|me)|your experience)`},
				// "comment about how our counselors helped you".
				{match: `\b(?:about )?how (?:our \w+|we|working with (?:us|me)|therapy with (?:us|me)|counseling with (?:us|me)) (?:helped|changed|made a difference)\b`,
					with: `\b(?:comment|tell|share|post|write|drop|submit|feature|let us know)\b`},
				// "we'd love a 5-star review", "a testimonial would mean a lot".
				{match: `\b(?:love|appreciate|grateful for|be thankful for)\b[^.!?]{0,30}\b(?:reviews?|ratings?|testimonials?|endorsements?)\b|\b(?:reviews?|ratings?|testimonials?)\b[^.!?]{0,30}\b(?:would|will) (?:mean|help)\b|\b(?:a|an|your) (?:quick |short |honest )?(?:5|five)[- ]star (?:review|rating)s?\b`,
					unless: `\bbooks?\b|\bauthors?\b|\b(?:do not|don't|never|not)\b`},
				// "reviews are the #1 way new clients find us", "reviews help small practices".
				{match: `\breviews?\b[^.!?]{0,40}\b(?:find us|help us|helps us|support us|grow|small (?:business|practice)|mean (?:so much|a lot|everything|the world))`},
				// "would you recommend Cedar Counseling", "let us know on Facebook", "say so on Google".
				{match: `\bwould you recommend\b`, with: `\b(?:us|our|counsel\w*|therapy|practice|wellness|center)\b`},
				{match: `\b(?:say so|tell (?:us|them|others|the world|everyone)|shout it|spread the word|let (?:us|people|others|the world|everyone) know)\b[^.!?]{0,20}\bon (?:google|yelp|facebook|healthgrades|zocdoc|psychology today|linkedin)\b`},
				// "a quote about your experience for our website", "write about your experience on our page".
				{match: `\b(?:quote|few words|blurb|kind words|words|write-?up|writing|write|post|posting|sharing|share) about your (?:experience|time with us|therapy with us|journey with us)\b`,
					with: `\b(?:our|us|we'd|website|page|google|facebook|yelp)\b`},
				// LinkedIn recommendations and endorsements.
				{match: `\b(?:recommendations?|endorsements?) on linkedin\b`},
				// "show us some love by liking and following our page".
				{match: `\bliking (?:and following )?(?:our|my) (?:\w+ )?page\b|\bliking and following\b|\bshow us some love\b`},
				// "tag us if therapy helped you".
				{match: `\btag (?:us|me|our (?:page|practice|account))\b`},
				// Likes of the practice page: "like our Facebook page", "like and follow".
				{match: `\blike (?:our|my|the) (?:\w+ )?(?:page|practice|profile)\b|\b(?:follow and like|like and follow)\b|\bgive us a (?:like|follow|thumbs up|shout ?out)\b`,
					unless: `\b(?:like and follow|follow and like) (?:us )?for (?:more|weekly|daily|new)\b`},
				// "rate your experience with our therapists", "rate your visit".
				{match: `\brate (?:your )?(?:experience|visit|session|therapist|care|appointment|stay)\b`},
				// An opinion asked for on a review site, in any words: "a kind word
				// on Google", "share your experience on our Google Business page",
				// "a quick star rating on our Facebook page", "a shout-out on Yelp".
				{match: `\b(?:google(?: maps| business)?|yelp|healthgrades|zocdoc|psychology today|facebook page|vitals|ratemds|therapyden|trustpilot|bbb)\b`,
					with:   `\b(?:review(?:s|ed|ing)?|rat(?:e|ed|ing|ings)|stars?|kind words?|a word|few words|feedback|shout-?out|shout|recommend\w*|testimonials?|endorse\w*|share (?:your|yours)|sharing your|wrote about|write about|your experience|your story)\b`,
					unless: `\b(?:find|found|book|booking|schedule|search|follow|message|profile link|listed)\b[^.!?]*$|\bbooks? (?:by|about|on)\b`},
				// "your five-star review could be the reason", "help us reach 100 reviews".
				{match: `\b(?:your|a|an) (?:quick |short |honest |kind )?(?:5|five)[- ]star (?:review|rating)s?\b|\b(?:\d+|a hundred|fifty|100) (?:\w+ )?reviews\b`,
					unless: `\bbooks? (?:by|about|on)\b|\bnovel\b`},
				// "share your story of healing with us; we may feature it".
				{match: `\bshare your (?:[\w-]+ ){0,3}(?:story|stories|experience|journey|testimony)\b`,
					with: `\bwith us\b|\bfeature\b|\bour (?:website|newsletter|page|blog)\b|\babout (?:us|our|working)\b`, back: 1},
				// "share a few words on our website".
				{match: `\b(?:few|kind) words\b`, with: `\bour (?:website|page|site|profile|listing)\b|\babout (?:us|our)\b`},
				// "telling us how therapy with our team changed your life".
				{match: `\b(?:tell|telling|let|letting) (?:us|others|people|the world|everyone) (?:know )?(?:how|what) (?:[\w-]+ ){0,4}(?:us|our \w+|me) (?:has |have )?(?:helped|changed|made a difference|meant)\b`},
				// "cast your vote", "nominate us", after "we're nominated for best ...".
				{match: `\b(?:cast your vote|vote for us|nominat(?:e|ing) (?:us|our)|one vote per day|vote daily|voting (?:is open|closes|ends))\b`},
				// "a recommendation on my profile would go a long way" on LinkedIn.
				{match: `\b(?:recommendations?|endorsements?)\b[^.!?]*\b(?:my|our) (?:linkedin )?profile\b`},
				// "we'd appreciate your feedback on Google".
				{match: `\bfeedback on (?:google|yelp|facebook|healthgrades|psychology today)\b`},
			},
		},
		{
			rule:    PHI,
			message: "%s discloses identifying or health information about a person. Even with consent, a diagnosis, medication, age or contact detail tied to someone can identify them; remove it or speak in general terms.",
			patterns: []pattern{
				// A phone number that is not the practice's own or a crisis line.
				{match: `(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b`, unless: business, whole: true},
				// A street address that is not the office's.
				{match: `\b\d{1,5} (?-i:(?:[A-Z][a-z]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Circle|Parkway|Pkwy)\b\.?)`, unless: business, whole: true},
				{match: `\blives? (?:at|on) \d+`},
				// Dates of birth.
				{match: `\b(?:dob|d\.o\.b|date of birth)\b[:\s,]*(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4})?|\b(?:born on|birthday is|birthdate is|born) \d{1,2}[/-]\d{1,2}[/-]\d{2,4}`},
				// Social security and medical record numbers.
				{match: `\b\d{3}-\d{2}-\d{4}\b|\b(?:mrn|medical record (?:number|no|#))\b`},
				// An age with a condition: "a 15-year-old with anorexia", "Liam, 9, ... autism".
				{match: `\b` + health, with: age, unless: ageGroup},
				// A particular client with a condition: "my patient with HIV".
				{match: `\b` + health, with: oneClient, unless: `\bif\b|\bwhen a\b`},
				// Someone's medication: "she's on Seroquel", "my 4pm is on 300mg of lithium".
				{match: `\b` + meds, with: person + `|` + oneClient},
				// An age after the condition: "... a heroin overdose. He's 19."
				{match: age, with: `\b` + health, unless: ageGroup, back: 1},
				// A particular person in an anecdote with a condition: "a young man
				// recovering from an overdose", "the teenager ... clean for 30 days".
				{match: `\b` + health, with: `\b(?:a|an|the|this|one|another) (?:[\w-]+ ){0,2}?` + anecdotal + `\b (?:who|that|i|i'm|i've|is|was|has|had|recovering|living|struggling|dealing|with)\b`,
					cond: toMe, unless: `\bif\b|\bwhen (?:a|an|your)\b|\byour\b`},
				// A named person with a condition: "Jane ... has bipolar disorder".
				{match: `\b` + health, cond: hasPersonName, unless: professional, back: 1},
			},
		},
		{
			rule:    Venting,
			message: "%s reads as venting about clients, colleagues or your workplace. Clients and employers read public posts; frustration belongs in supervision or consultation, not online.",
			patterns: []pattern{
				// Frustration aimed at a target in this sentence or the two before:
				// "my supervisor is useless", "Some clients... Exhausting."
				{match: negative, with: target, unless: advice, back: 2, span: spanSentence},
				// Complaints that name their own target.
				{match: `\b(?:so done with|fed up with|sick of|over) (?:this|my) (?:clinic|agency|practice|job|place|hospital|workplace|company)\b|\bthis job is\b[^.!?]*\b(?:killing|sucking|draining|crushing)\b|\b(?:sick|tired) of (?:\w+ )?` + target + `|\b(?:clients|people|coworkers|co-workers|colleagues|parents) who\b[^.!?]*\b(?:drive me|i see you|please stop|why|exhausting|annoying|the worst)\b`,
					span: spanSentence},
			},
		},
	}
})

// commonCapitalised lists capitalised words that are not people's names:
// calendar words, places, platforms, payers and words often capitalised in
// posts. It is the stop list of the name detector.
var commonCapitalised = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		i i'm i've i'll i'd a an the this that these those my our your their his her its we you they he she it
		and or but so if when while because after before since until as at in on of for to from with by about into over
		monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday saturdays sunday sundays
		january february march april may june july august september october november december
		today tonight tomorrow yesterday morning afternoon evening weekend week month year
		christmas thanksgiving easter halloween hanukkah ramadan pride new years labor memorial
		google yelp facebook instagram linkedin twitter tiktok youtube zoom psychology netflix target amazon
		medicaid medicare aetna cigna bcbs blue cross anthem humana optum united
		america american english spanish asl texas oregon washington california austin denver
		god lord jesus
		dr doctor mr mrs ms mx prof professor lpc lmft lcsw psyd phd
		therapy therapist therapists counseling counselor counselors counsel group groups session sessions clinic practice center centre office team
		depression anxiety bipolar disorder schizophrenia autism adhd ocd ptsd cancer dementia grief trauma recovery mental health awareness
		new reminder note update tip tips thread post blog fun happy huge big congrats congratulations thanks thank please so just had has have
		prayers pray sending shoutout shout proud grateful love loved looking need needs can could would should will did does do is are was were
		heavy tough hard rough some many most all every each one two three four five six seven eight nine ten
		who what where why how which yes no not never always sometimes also still even
		client clients patient patients kid kids teen teens mom dad family families couple couples
		women men people parents moms dads everyone someone anyone friends folks survivors veterans
		intake reach call text email dear hey hi hello ugh wow oh ok okay
		meet welcome join ask wishing keep remember celebrate introducing announcing
		state university school hospital church library
	`) {
		m[w] = true
	}
	return m
})

// firstPersonRe finds the therapist in a sentence: an anecdote needs them.
var firstPersonRe = regexp.MustCompile(`(?i)\b(?:i|me|my|i'm|i've|i'd)\b`)

func firstPerson(ctx string) bool { return firstPersonRe.MatchString(ctx) }

// toMeRe finds a person acting towards the therapist or in the therapy room,
// which is what turns "a mom ... today" into an anecdote about a client
// rather than about someone met elsewhere.
var toMeRe = regexp.MustCompile(`(?i)\b(?:told|tells|asked|asks|showed|shows|taught|teaches|gave|brought|handed|texted|emailed|hugged|thanked|drew|made|reminded|called|sent|surprised|bit|bite|kicked|hit|punched|scratched|yelled at|screamed at|cried to|cursed at) me\b|\bsaid to me\b|\bduring (?:\w+ )?(?:therapy|session|group)\b|\bin front of me\b|\bin (?:session|group|my office|therapy)\b|\bon my couch\b`)

func toMe(ctx string) bool { return toMeRe.MatchString(ctx) }

// firstNames lists common given names. A capitalised word opening a sentence
// ("Grief is ...", "Fall is here") is only taken for a name when it is one of
// these or reads like one (a surname, an initial or an age follows).
var firstNames = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		aaron abby abigail adam adrian aiden alan albert alex alexa alexander alexis alice alicia alison allison alyssa amanda amber amelia amy ana andrea andrew andy angela angie anna anne annie anthony antonio april aria ariana ashley aubrey audrey austin ava avery
		barbara beatrice becky ben benjamin beth bethany betty beverly bill billy blake bob bobby bonnie brad bradley brandon brenda brendan brett brian briana brianna bridget brittany brooke bruce bryan
		caleb cameron camila carl carla carlos carmen carol caroline carolyn carrie casey cassie catherine charles charlie charlotte chelsea cheryl chloe chris christian christina christine christopher cindy claire clara colin connor courtney craig crystal cynthia
		daisy dakota dale dan dana daniel danielle danny darius dave david dawn dean debbie deborah denise derek destiny devin diana diane diego dominic donald donna doug douglas dylan
		ed eddie edward elena eli elijah elizabeth ella ellen ellie emily emma eric erica erin ethan eva evan evelyn
		faith felix fiona frances frank gabriel gabriella gail gary gavin george gina grace greg gregory hailey haley hannah harper harry hayden heather helen henry holly hunter
		ian isaac isabel isabella isaiah jack jackie jackson jacob jade jake james jamie jan jane janet janice jared jasmine jason javier jay jayden jean jeff jeffrey jenna jennifer jenny jeremy jerry jesse jessica jill jim jimmy joan joe joel john johnny jon jonathan jordan jose joseph josh joshua joy joyce juan judy julia julian julie justin
		kaitlyn karen kate katelyn katherine kathleen kathy katie kayla keith kelly ken kendall kenneth kevin kim kimberly kristen kyle
		laura lauren leah lee leo leon liam lily linda lindsay lisa logan lori louis lucas lucy luis luke lydia lynn
		mackenzie madison maggie malik mandy marcus margaret maria mariah marie marissa mark martha martin mary mason matt matthew maya megan melanie melissa mia michael michelle miguel mike mila miles molly monica morgan
		nancy naomi natalie nate nathan nicholas nick nicole noah nora olivia owen paige pam pamela patricia patrick paul paula peter phil philip rachel ralph randy rebecca riley rob robert robin rosa rose ruby russell ruth ryan
		sabrina sam samantha samuel sandra sara sarah savannah scott sean sebastian seth shannon sharon shawn sheila sierra sofia sophia sophie stacy stephanie stephen steve steven sue susan sydney
		tammy tanya tara tasha taylor ted teresa terry theo theresa thomas tiffany tim timothy tina todd tom tommy tony tracy travis trevor tyler valerie vanessa veronica vicky victor victoria vincent walter wayne wendy william willow wyatt xavier zach zachary zoe
	`) {
		m[w] = true
	}
	return m
})
