package detect

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
)

// The Suicide Risk Lexicon v1.0 (Apache-2.0, Low et al., construct-tracker;
// see lexicon/README.md and lexicon/LICENSE) finds candidate phrases. Its
// constructs are mapped to roles below; the demotion table then sets aside
// or weakens the entries that are too broad to decide anything alone.
//
//go:embed lexicon/lexicon-validated.csv
var lexiconCSV []byte

// lexiconRole says what a construct's phrases do. Constructs not listed
// (relationships, physical health, work and money, identity, discrimination,
// suicide exposure, ...) are not used: they describe context, not risk or
// therapy content, and would flood the clinical label.
var lexiconRole = map[string]struct {
	rule string
	kind kind
}{
	"Passive suicidal ideation":                     {"crisis.passive_ideation", kCrisis},
	"Active suicidal ideation & suicidal planning":  {"crisis.active_ideation", kCrisis},
	"Direct self-injury":                            {"crisis.self_harm", kCrisis},
	"Other suicidal language":                       {"crisis.suicidal_language", kCrisis},
	"Lethal means for suicide":                      {"crisis.lethal_means", kCrisisWeak},
	"Loneliness & isolation":                        {"clinical.loneliness", kClinical},
	"Social withdrawal":                             {"clinical.withdrawal", kClinical},
	"Sexual abuse & harassment":                     {"clinical.abuse", kClinical},
	"Physical abuse & violence":                     {"clinical.abuse", kClinical},
	"Bullying":                                      {"clinical.bullying", kClinical},
	"Alcohol use":                                   {"clinical.substance", kClinical},
	"Other substance use":                           {"clinical.substance", kClinical},
	"Defeat & feeling like a failure":               {"clinical.defeat", kClinical},
	"Burdensomeness":                                {"clinical.burdensomeness", kClinical},
	"Shame, self-disgust, & worthlessness":          {"clinical.shame", kClinical},
	"Guilt":                                         {"clinical.guilt", kClinical},
	"Anxiety":                                       {"clinical.anxiety", kClinical},
	"Panic":                                         {"clinical.anxiety", kClinical},
	"Entrapment & desire to escape":                 {"clinical.entrapment", kClinical},
	"Trauma & PTSD":                                 {"clinical.trauma", kClinical},
	"Agitation":                                     {"clinical.agitation", kClinical},
	"Rumination":                                    {"clinical.rumination", kClinical},
	"Depressed mood":                                {"clinical.mood", kClinical},
	"Anhedonia & uninterested":                      {"clinical.anhedonia", kClinical},
	"Emotional pain & psychache":                    {"clinical.emotional_pain", kClinical},
	"Grief & bereavement":                           {"clinical.grief", kClinical},
	"Existential meaninglessness & purposelessness": {"clinical.meaninglessness", kClinical},
	"Emptiness":                                     {"clinical.emptiness", kClinical},
	"Hopelessness":                                  {"clinical.hopelessness", kClinical},
	"Sleep issues":                                  {"clinical.sleep", kClinical},
	"Psychosis & schizophrenia":                     {"clinical.condition", kClinical},
	"Bipolar Disorder":                              {"clinical.condition", kClinical},
	"Borderline Personality Disorder":               {"clinical.condition", kClinical},
	"Eating disorders":                              {"clinical.condition", kClinical},
	"Mental health treatment":                       {"clinical.medication", kClinical},
	"Hospitalization":                               {"clinical.hospitalization", kClinical},
}

// lexiconDemotions overrides lexicon entries (normalised form):
//
//	drop          not used: too broad, an idiom, or about other people
//	clinical      therapy content, not risk ("skin picking", "safety plan")
//	weak:RULE     a weak crisis cue, counted with others
var lexiconDemotions = parseDemotions(`
# Ideation entries that are idioms or too vague alone.
oblivion: drop
fade out: drop
rest in peace: drop
giving up: weak:crisis.hopelessness
fading away: clinical
lifeless: clinical
escape from reality: clinical
i could disappear: weak:crisis.hopelessness
attempt: drop
cutting: drop
drowning: drop
killing me: drop
poison: weak:crisis.lethal_means
on the edge: clinical
quick and easy: drop
easy and painless: weak:crisis.lethal_means
quick and painless: weak:crisis.lethal_means
make a will: drop
write a will: drop
pull the trigger: weak:crisis.lethal_means
suffocation: drop
ill die: drop
ill be dead: drop
will be dead: drop
i will be dying: drop
carbon monoxide: weak:crisis.lethal_means
crash my car: weak:crisis.lethal_means
wreck my car: weak:crisis.lethal_means
wreck my truck: weak:crisis.lethal_means
slam my car: weak:crisis.lethal_means
hit by a train: weak:crisis.lethal_means
hit by the train: weak:crisis.lethal_means
# Body-focused repetitive behaviours and old marks are clinical, not risk.
nssi: clinical
abrasion: drop
carving: drop
dermatillomania: clinical
dermotillomania: clinical
trichotillomania: clinical
hair pulling: clinical
skin picking: clinical
nail biting: clinical
pick at my skin: clinical
pull my hair: clinical
laceration: drop
scarring: clinical
scars: clinical
scratching: drop
scratch my: drop
scratched my: drop
scratch at my: drop
stick and poke tattoo: drop
bit myself: clinical
biting myself: clinical
hit my head: drop
bang my head: clinical
banging my head: clinical
bash my head: clinical
burn my face: drop
burn my hand: drop
burning my: drop
sticking a needle in my: clinical
self injurious: clinical
# Suicidal-language entries that are broad, idiomatic or treatment words.
dying: drop
farewell: weak:crisis.farewell
fatal: drop
suicide: drop
being saved: drop
body bag: weak:crisis.lethal_means
breaking point: clinical
crisis center: clinical
crisis hotline: clinical
crisis text line: clinical
safety plan: clinical
safety check: clinical
severe depression: clinical
im sinking: clinical
im dying: drop
nothing to lose: weak:crisis.hopelessness
life is shit: clinical
life is pointless: weak:crisis.hopelessness
no way out: weak:crisis.hopelessness
i dont trust myself: weak:crisis.self_distrust
dont trust myself: weak:crisis.self_distrust
kill me: drop
my death: weak:crisis.hopelessness
my demise: weak:crisis.hopelessness
needs to be dead: drop
when i die: drop
when im gone: weak:crisis.farewell
when im dead: weak:crisis.farewell
when im not around: weak:crisis.farewell
i could just die: drop
hate my life: weak:crisis.hopelessness
i hate my life: weak:crisis.hopelessness
sick of life: weak:crisis.hopelessness
sick of my life: weak:crisis.hopelessness
cant live like this: weak:crisis.hopelessness
cant take any more of this: weak:crisis.hopelessness
dont want to do this anymore: weak:crisis.hopelessness
the end of my rope: weak:crisis.hopelessness
only thing keeping me going: weak:crisis.hopelessness
keeping me alive: weak:crisis.hopelessness
thing that kept me going: weak:crisis.hopelessness
im in a crisis: weak:crisis.danger_cue
life is over: weak:crisis.hopelessness
# Lethal means that are ordinary places and things.
bridge: drop
balcony: drop
carbon: drop
hydrogen: drop
helium: drop
chemicals: drop
high place: drop
tall building: drop
skyscraper: drop
weapon: drop
knife: drop
gun: drop
exit: drop
# Clinical constructs: words that mostly mean something else in a message
# to a practice (money, scheduling, everyday life).
alone: drop
aloof: drop
introspective: drop
introversion: drop
introvert: drop
lockdown: drop
quarantine: drop
shy: drop
solitary: drop
solitude: drop
unmarried: drop
unpopular: drop
peripheral: drop
outlier: drop
widow: drop
hermit: drop
wallflower: drop
standoffish: drop
assail: drop
cock: drop
consent: drop
penis: drop
vagina: drop
nudes: drop
violate: drop
violation: drop
grooming: drop
affront: drop
bop: drop
boxing: drop
charge: drop
conflict: drop
cops: drop
police: drop
fight: drop
grapple: drop
harm: drop
kick: drop
push: drop
punch: drop
shout: drop
shove: drop
smack: drop
spank: drop
stab: drop
threat: drop
war: drop
whip: drop
wound: drop
wrestle: drop
yell: drop
insult: drop
restrain: drop
blade: drop
dagger: drop
gouge: drop
murder: drop
strangle: drop
strangle i: drop
kidnap: drop
intimidate: drop
self defense: drop
dui: drop
dwi: drop
jager: drop
bar: drop
bartender: drop
beer: drop
beverage: drop
brewery: drop
budweiser: drop
buzz: drop
cheers: drop
chug: drop
cider: drop
ciroc: drop
cocktail: drop
cordial: drop
everclear: drop
fireball: drop
gin: drop
jameson: drop
keg: drop
liquor: drop
liqour: drop
margarita: drop
moderation: drop
pint: drop
pub: drop
rum: drop
spirits: drop
tequila: drop
vodka: drop
whiskey: drop
whisky: drop
wine: drop
hooch: drop
abstinence: drop
recovery: drop
acid: drop
capsule: drop
chalk: drop
cialis: drop
crank: drop
crystal: drop
coke: drop
dope: drop
doping: drop
hash: drop
inject: drop
juul: drop
needle: drop
pot: drop
smoke: drop
smoking: drop
substance: drop
tobacco: drop
cigarette: drop
cigarete: drop
vape: drop
vaping: drop
viagra: drop
wasted: drop
testosterone: drop
trt: drop
k2: drop
iop: drop
prescription: drop
medicinal: drop
medicine: drop
laced: drop
popper: drop
nitrite: drop
tripping: drop
molly: drop
mushrooms: drop
beaten: drop
broken: drop
falter: drop
succumb: drop
sunk: drop
surrender: drop
undone: drop
bother: drop
demanding: drop
dependent: drop
drag: drop
drain: drop
hindrance: drop
imposition: drop
inconvenience: drop
inconvenient: drop
intrusive: drop
nuisance: drop
overbearing: drop
responsibility: drop
useless: drop
akward: drop
contempt: drop
stammer: drop
stutter: drop
stigma: drop
accuse: drop
apologize: drop
confession: drop
error: drop
fault: drop
indict: drop
liability: drop
misbehavior: drop
misstep: drop
offense: drop
responsible: drop
sorry: drop
taboo: drop
wicked: drop
sinful: drop
culpability: drop
concern: drop
disturb: drop
indigestion: drop
procrastinate: drop
cowardly: drop
butterflies: drop
scare: drop
fidget: drop
crisis: drop
detachment: drop
tingling: drop
bind: drop
bondage: drop
breakout: drop
captive: drop
chained: drop
chains: drop
confinement: drop
escape: drop
flee: drop
liberate: drop
liberation: drop
snare: drop
stuck: drop
restrained: drop
quagmire: drop
cornered: drop
paralyzing: drop
avoidance: drop
to be free: drop
to break free: drop
a fresh start: drop
want to leave: drop
want to get out: drop
want to start again: drop
combat: drop
military: drop
survivor: drop
victim: drop
violence: drop
violent: drop
tw: drop
alert: drop
deliberate: drop
hectic: drop
hurried: drop
itchy: drop
pacing: drop
wandering: drop
wired: drop
impatient: drop
impatience: drop
pondering: drop
speculation: drop
rationalization: drop
rationalize: drop
negative: drop
tragic: drop
grim: drop
darkness: drop
bored: drop
insensitive: drop
uninvolved: drop
uninspired: drop
dissatisfied: drop
indifferent: drop
0: drop
pain: drop
aching: drop
abortion: drop
died: drop
buried: drop
cancer: drop
coma: drop
cremation: drop
eulogy: drop
funerary: drop
hospice: drop
memorial: drop
obituary: drop
remembrance: drop
trivial: drop
needless: drop
superfluous: drop
drifting: drop
inconsequential: drop
null: drop
unoccupied: drop
vacuum: drop
void: drop
devoid: drop
depleted: drop
incapable: drop
impossibility: drop
irreversible: drop
irreparable: drop
incurable: drop
crushing: drop
defeat: drop
cynical: drop
doom: drop
apnea: drop
bruxism: drop
c pap: drop
cpap: drop
dozing: drop
restful: drop
sedative: drop
sleep: drop
slumber: drop
snooze: drop
snoring: drop
yawn: drop
drowsy: drop
circumstantiality: drop
clanging: drop
derailment: drop
tangentiality: drop
cycling: drop
erratic: drop
euphoria: drop
hyperactive: drop
promiscuous: drop
talkative: drop
fp: drop
gambling: drop
splitting: drop
bmi: drop
ed: drop
bloat: drop
diet: drop
dieting: drop
fasting: drop
fat: drop
fatter: drop
hideous: drop
hunger: drop
hungry: drop
kg: drop
kgs: drop
lbs: drop
pounds: drop
thin: drop
ugly: drop
weight: drop
weightlift: drop
weightloss: drop
skinny: drop
restrict: drop
restricting: drop
vomit: drop
obese: drop
overweight: drop
obesity: drop
acupuncture: drop
bibliotherapy: drop
biofeedback: drop
coaching: drop
counseling: drop
exercise: drop
facility: drop
pcp: drop
omega 3: drop
self care: drop
self help: drop
therapist: drop
therapy: drop
vitamins: drop
yoga: drop
meditation: drop
mindfulness: drop
tms: drop
er: drop
clinic: drop
emergency: drop
hospital: drop
abandonment: drop
attachment: drop
i stay at home: drop
dont go anywhere: drop
i live with: drop
cant see: drop
`)

// demotion is what lexiconDemotions says of one phrase.
type demotion struct {
	drop     bool
	clinical bool
	weak     string // weak crisis rule name
}

func parseDemotions(text string) map[string]demotion {
	m := map[string]demotion{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		phrase, action, ok := strings.Cut(line, ": ")
		if !ok {
			panic("detect: bad demotion line " + line)
		}
		switch {
		case action == "drop":
			m[phrase] = demotion{drop: true}
		case action == "clinical":
			m[phrase] = demotion{clinical: true}
		case strings.HasPrefix(action, "weak:"):
			m[phrase] = demotion{weak: strings.TrimPrefix(action, "weak:")}
		default:
			panic("detect: bad demotion action " + line)
		}
	}
	return m
}

// lexiconEntry is one usable phrase of the lexicon with its role.
type lexiconEntry struct {
	phrase string
	rule   string
	kind   kind
}

// stemLike spots the lexicon's truncated stems ("psychiatr", "overdos"),
// which were meant for prefix search; exact-word matching cannot use them.
var stemLike = regexp.MustCompile(`^(psychiatr|psycholog|overdos|diagnos|medicat|narcissis|homophob|narcolep|snooz|unemploy|antifeminis|antiracis|chauvinis|biphobi|ageis|agis|ablism)$`)

// loadLexicon parses the embedded CSV. Each construct is a column; the rows
// after the header block hold its phrases, first as written and then again
// lemmatised ("kill I", "wish I be dead"). Only the first half (as written)
// is used: the lemmas are not what people type.
func loadLexicon(norm func(string) string) ([]lexiconEntry, error) {
	r := csv.NewReader(bytes.NewReader(lexiconCSV))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("detect: lexicon: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("detect: lexicon: no rows")
	}
	header := rows[0]
	var out []lexiconEntry
	for col, name := range header {
		role, ok := lexiconRole[name]
		if !ok {
			continue
		}
		var phrases []string
		for _, row := range rows[1:] {
			if len(row) == 0 || !isNumber(row[0]) || col >= len(row) {
				continue // the prompt, definition, reference and examples rows
			}
			if p := strings.TrimSpace(row[col]); p != "" {
				phrases = append(phrases, p)
			}
		}
		phrases = phrases[:len(phrases)/2]
		for _, p := range phrases {
			n := norm(p)
			if n == "" || stemLike.MatchString(n) {
				continue
			}
			e := lexiconEntry{phrase: n, rule: role.rule, kind: role.kind}
			if d, ok := lexiconDemotions[n]; ok {
				switch {
				case d.drop:
					continue
				case d.clinical:
					e.rule, e.kind = "clinical."+strings.TrimPrefix(strings.TrimPrefix(role.rule, "crisis."), "clinical."), kClinical
				default:
					e.rule, e.kind = d.weak, kCrisisWeak
				}
			}
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("detect: lexicon: no constructs found")
	}
	return out, nil
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
