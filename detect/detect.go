// Package detect reads a client's message and says whether it expresses a
// crisis (a current risk of harm to self or others, or an emergency),
// whether it carries clinical content (symptoms, feelings, diagnoses,
// medication, trauma, what was said in session) and whether it is
// administrative (scheduling, cancelling, lateness, billing, insurance,
// forms, directions). A message can be several at once.
//
// How it decides. The text is normalised and split into words in one pass
// (lowercase, apostrophes and curly quotes folded so "don't" is "dont",
// diacritics folded, texting spellings such as "wanna" expanded). A trie of
// phrases, built once from the Suicide Risk Lexicon v1.0 (Apache-2.0, in
// lexicon/) and the curated tables in rules.go, finds every candidate phrase.
// Context rules, also tables, then set crisis candidates aside when they are
// negated ("I'm not suicidal"; but not "I can't promise I won't hurt
// myself", and not phrases only ever said negated, "I won't be around much
// longer"), idioms ("dying to see it"; a longer phrase containing the idiom
// wins: "jump in front of"), about a film, a song or the news, generic
// (psychoeducation, a practice's policy, "if you're having thoughts of…"),
// words said about the writer ("someone said I should kill myself"),
// someone else's finished event ("my brother attempted suicide"), or in the
// distant, resolved past ("last year I was suicidal but I'm doing much
// better"). A relative or friend telling of someone's current wish to die,
// plan or self-harm ("my son says he wants to end it") is a crisis. Strong
// phrases (ideation, self-harm, goodbyes, threats, danger now, a medical
// emergency) are a crisis alone; weak ones (burden, hopelessness, lethal
// means, final thanks, "he hit me", "hiding in the bathroom") only when
// different weak rules add up. A crisis is always clinical content too, and
// a crisis phrase set aside because it is negated, past or about someone
// else still counts as clinical content. Phrases never run across a
// sentence end.
//
// Clinical content in a sentence about a film, the news or mental health in
// general counts only when the writer is in it ("it hit me hard") or it
// names a feeling; "was a nightmare" (a complaint) and "kidney failure" are
// not therapy content.
//
// Administrative cues are strong ("reschedule", "cancel my appointment",
// "running late", "copay", "superbill", "paperwork", "where do I park") or
// weak, with a role: a day, a time, a place ("parking", "lobby"), a session
// word ("appointment"), a logistics word ("cancel", "bill"), a change
// ("instead", "push to") or a request ("can we", "do you have"). Weak cues
// make a message administrative only when a request or a change has
// something to be about, or a session word has a day or a time: "can we do
// Friday instead?" is, "every Tuesday at 3 I get anxious", "the lobby smells
// nice" and "cancel my netflix" are not. "In session" and "on my way home"
// are not logistics.
//
// Signals. Result.Signals lists the evidence that counted, for every label,
// each with its rule ("crisis.active_ideation"), the phrase as written and
// its byte offsets; Result.Suppressed lists the crisis candidates that were
// set aside and why, so a reviewer can see both. Signal.String gives the
// short form the command line prints: crisis.active_ideation:"want to die".
//
// A Detector is built once by New and is safe for concurrent use.
package detect

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Labels.
const (
	LabelCrisis         = "crisis"
	LabelClinical       = "clinical"
	LabelAdministrative = "administrative"
)

// Reasons a crisis candidate is set aside.
const (
	ReasonNegated     = "negated"
	ReasonIdiom       = "idiom"
	ReasonMedia       = "media"
	ReasonHumor       = "humor"
	ReasonThirdPerson = "third_person"
	ReasonPast        = "past"
	ReasonWeakAlone   = "weak_alone"
	ReasonGeneric     = "generic" // psychoeducation, policy or a hypothetical "if you're having…"
)

// Signal is one piece of evidence: which rule matched which phrase.
type Signal struct {
	Label  string // crisis, clinical or administrative
	Rule   string // e.g. "crisis.active_ideation"
	Phrase string // the matched text as written
	Start  int    // byte offsets of Phrase in the input
	End    int
	Reason string // why a suppressed candidate was set aside; empty for evidence
}

// String is the short readable form: rule:"phrase".
func (s Signal) String() string {
	return s.Rule + ":" + strconv.Quote(s.Phrase)
}

// Result is the classification of one message.
type Result struct {
	Crisis         bool
	Clinical       bool
	Administrative bool
	Signals        []Signal // evidence that counted, in text order
	Suppressed     []Signal // crisis candidates set aside, with Reason
}

// Detector holds the compiled rules. Build it once with New.
type Detector struct {
	vocab   map[string]int32
	special map[string]int32
	expand  [][]int32 // texting contraction → the words it stands for
	breaks  []bool    // by token id: words that start a new clause ("but")
	entries []entry
	trie    *matcher
	wordCtx []wordContext // by token id: single-word context cues, applied without the trie
	pool    sync.Pool     // *scratch
}

// wordContext is what a single word says about its context.
type wordContext struct {
	tflags uint16 // tNeg, tFirst, tThird
	cbits  uint16 // cPast, cPastTense, cRecent
	sflags uint8  // sMedia, sGeneric
	humor  bool
	resolv bool
}

// entry is one rule phrase: its rule, role and whether it names its subject.
type entry struct {
	rule   string
	label  string
	kind   kind
	flags  flag
	phrase string
	self   bool // contains a first-person word ("kill myself")
}

// scratch is the per-call working memory, pooled so a steady stream of
// messages does not allocate per token.
type scratch struct {
	word      []byte
	toks      []token
	matches   []match
	stack     []frame
	tflags    []uint16
	cbits     []uint16 // by clause id
	sflags    []uint8  // by sentence id
	words     []string // only while building
	weak      []Signal
	weakSents []int32
	idioms    []match // idiom spans, to tell "jump in" from "jump in front of"
	perm      []int32 // tidy's sort order
	sigBuf    []Signal
}

const (
	tNeg uint16 = 1 << iota
	tPseudo
	tIdiom
	tFirst
	tThird
	tDoubt       // "cant promise", "not sure": a negation right after does not negate
	tReported    // someone else's words about the writer: "told me to kill myself"
	tNotAdmin    // "on my way home", "in session": not logistics
	tNotClinical // "was a nightmare", "kidney failure": not therapy content
)

// Sentence marks.
const (
	sMedia   uint8 = 1 << iota // about a film, a song, the news
	sGeneric                   // psychoeducation, policy, a hypothetical second person
	sFirst                     // has a first-person word
	sHyper                     // hyperbole frame: "if i have to sit through one more…"
)

const (
	cPast uint16 = 1 << iota
	cPastTense
	cRecent
	cMedia
)

// contractions pairs a written-together form with its two-word form; every
// rule phrase is indexed under both.
var contractions = map[string][]string{
	"im": {"i", "am"}, "dont": {"do", "not"}, "cant": {"can", "not"}, "wont": {"will", "not"},
	"ill": {"i", "will"}, "ive": {"i", "have"}, "its": {"it", "is"}, "isnt": {"is", "not"},
	"didnt": {"did", "not"}, "wouldnt": {"would", "not"}, "whats": {"what", "is"},
	"hed": {"he", "would"}, "shed": {"she", "would"}, "hell": {"he", "will"}, "shell": {"she", "will"},
	"myself": {"my", "self"}, "theres": {"there", "is"}, "wasnt": {"was", "not"},
	"doesnt": {"does", "not"}, "havent": {"have", "not"}, "youll": {"you", "will"},
}

// aliases expand texting spellings at tokenisation, so rules need not list
// them: "i wanna die" matches "want to die".
var aliases = map[string]string{
	"wanna": "want to", "gonna": "going to", "gunna": "going to", "gotta": "got to",
	"cannot": "cant", "u": "you", "ur": "your", "abt": "about", "idk": "i dont know",
	"rn": "right now", "tmr": "tomorrow", "tmrw": "tomorrow", "tmw": "tomorrow",
	"pls": "please", "plz": "please", "thx": "thanks", "ppl": "people", "bc": "because",
	"cuz": "because", "coz": "because", "imma": "im going to", "ima": "im going to",
	"tryna": "trying to", "alot": "a lot", "kinda": "kind of", "okay": "ok", "appt": "appointment",
	"tonite": "tonight", "nite": "night", "thru": "through", "dnt": "dont", "cant't": "cant",
	"wont've": "wont", "mins": "minutes", "min": "minutes", "wknd": "weekend", "b4": "before",
	"sucidal": "suicidal", "suicidial": "suicidal", "sucide": "suicide", "myslef": "myself",
	"mysef": "myself", "kil": "kill", "wnat": "want", "wan": "want", "ngl": "not going to lie",
}

// clauseBreaks start a new clause inside a sentence, so "I used to cope but
// I can't do this anymore" does not read the second half as past.
var clauseBreaks = []string{"but", "though", "although", "however", "anyway", "and now"}

// New compiles the rules. It panics only if the embedded lexicon is
// corrupt, which the package tests would catch.
func New() *Detector {
	d, err := build()
	if err != nil {
		panic(err)
	}
	return d
}

func build() (*Detector, error) {
	d := &Detector{}
	boot := &scratch{}
	norm := func(p string) []string { return d.words(p, boot) }

	type def struct {
		e     entry
		words []string
	}
	var defs []def
	add := func(t ruleTable, phrase string) {
		label, _, _ := strings.Cut(t.rule, ".")
		var words []string
		for _, part := range strings.Fields(phrase) {
			if part == "*" || strings.HasPrefix(part, "<") {
				words = append(words, part)
				continue
			}
			words = append(words, norm(part)...)
		}
		if len(words) == 0 || words[0] == "*" {
			return
		}
		self := false
		flags := t.flags
		for _, w := range words {
			switch w {
			case "i", "im", "ive", "id", "ill", "me", "my", "myself", "mine":
				self = true
			case "attempted", "attempt", "attempts", "overdosed", "overdose", "od", "oded", "killed", "died", "tried":
				// A finished event: told of someone else it is news,
				// not a current risk.
				if label == LabelCrisis {
					flags |= fEvent
				}
			}
		}
		defs = append(defs, def{entry{rule: t.rule, label: label, kind: t.kind, flags: flags, phrase: strings.Join(words, " "), self: self}, words})
	}
	for _, tables := range [][]ruleTable{crisisRules, clinicalRules, adminRules, contextRules} {
		for _, t := range tables {
			for _, line := range strings.Split(t.phrases, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					add(t, line)
				}
			}
		}
	}
	lex, err := loadLexicon(func(p string) string { return strings.Join(norm(p), " ") })
	if err != nil {
		return nil, err
	}
	for _, le := range lex {
		add(ruleTable{rule: le.rule, kind: le.kind}, le.phrase)
	}

	// Vocabulary: every word any phrase or alias uses.
	d.vocab = map[string]int32{}
	intern := func(w string) int32 {
		if id, ok := d.vocab[w]; ok {
			return id
		}
		id := int32(len(d.vocab))
		d.vocab[w] = id
		return id
	}
	d.special = map[string]int32{}
	for _, w := range []string{numWord, yearWord, timeWord, ordinalWord, "*"} {
		d.special[w] = intern(w)
	}
	variants := make([][][]string, len(defs))
	for k, df := range defs {
		variants[k] = phraseVariants(df.words)
		for _, v := range variants[k] {
			for _, w := range v {
				intern(w)
			}
		}
	}
	aliasIDs := map[int32][]int32{}
	for from, to := range aliases {
		var ids []int32
		for _, w := range strings.Fields(to) {
			ids = append(ids, intern(w))
		}
		aliasIDs[intern(from)] = ids
	}
	for _, w := range clauseBreaks {
		if !strings.Contains(w, " ") {
			intern(w)
		}
	}
	d.expand = make([][]int32, len(d.vocab))
	for id, ids := range aliasIDs {
		d.expand[id] = ids
	}
	d.breaks = make([]bool, len(d.vocab))
	for _, w := range clauseBreaks {
		if id, ok := d.vocab[w]; ok {
			d.breaks[id] = true
		}
	}

	d.trie = newMatcher(len(d.vocab), d.special["*"])
	d.wordCtx = make([]wordContext, len(d.vocab))
	seen := map[string]int32{}
	for k, df := range defs {
		if wordCue(df.e.kind) {
			// Single-word context cues become flags on the word; longer
			// ones stay in the trie.
			var rest [][]string
			for _, v := range variants[k] {
				if len(v) == 1 && v[0] != "*" {
					wc := &d.wordCtx[d.vocab[v[0]]]
					switch df.e.kind {
					case kNeg:
						wc.tflags |= tNeg
					case kFirst:
						wc.tflags |= tFirst
					case kThird:
						wc.tflags |= tThird
					case kPast:
						wc.cbits |= cPast
					case kPastTense:
						wc.cbits |= cPastTense
					case kRecent:
						wc.cbits |= cRecent
					case kMedia:
						wc.sflags |= sMedia
					case kGeneric:
						wc.sflags |= sGeneric
					case kHumor:
						wc.humor = true
					case kResolved:
						wc.resolv = true
					}
					continue
				}
				rest = append(rest, v)
			}
			variants[k] = rest
			if len(rest) == 0 {
				continue
			}
		}
		key := df.e.rule + "\x00" + df.e.phrase + "\x00" + strconv.Itoa(int(df.e.kind))
		idx, ok := seen[key]
		if !ok {
			idx = int32(len(d.entries))
			d.entries = append(d.entries, df.e)
			seen[key] = idx
		}
		for _, v := range variants[k] {
			ids := make([]int32, len(v))
			for j, w := range v {
				ids[j] = d.vocab[w]
			}
			d.trie.add(ids, idx)
		}
	}
	d.pool.New = func() any { return &scratch{} }
	return d, nil
}

// wordCue says whether a one-word phrase of this kind is applied as a flag
// on the word rather than through the trie.
func wordCue(k kind) bool {
	switch k {
	case kNeg, kFirst, kThird, kPast, kPastTense, kRecent, kMedia, kGeneric, kHumor, kResolved:
		return true
	}
	return false
}

// words normalises a rule phrase with the same tokenizer the text goes
// through, so both sides agree on every folding.
func (d *Detector) words(p string, s *scratch) []string {
	s.words = s.words[:0]
	d.tokenize(p, s)
	return append([]string(nil), s.words...)
}

// phraseVariants returns the phrase with each contraction both written
// together and apart ("dont want" / "do not want"), at most 16 forms.
func phraseVariants(words []string) [][]string {
	var gen func(k int) [][]string
	gen = func(k int) [][]string {
		if k == len(words) {
			return [][]string{nil}
		}
		var out [][]string
		join := func(head []string, next int) {
			for _, tail := range gen(next) {
				if len(out) < 16 {
					out = append(out, append(append([]string(nil), head...), tail...))
				}
			}
		}
		join(words[k:k+1], k+1)
		if exp, ok := contractions[words[k]]; ok {
			join(exp, k+1)
		}
		if k+1 < len(words) {
			for c, exp := range contractions {
				if words[k] == exp[0] && words[k+1] == exp[1] {
					join([]string{c}, k+2)
				}
			}
		}
		return out
	}
	return gen(0)
}

// Classify reads one message.
func (d *Detector) Classify(text string) Result {
	s := d.pool.Get().(*scratch)
	defer d.pool.Put(s)
	d.tokenize(text, s)
	toks := s.toks
	// Clause breaks by word ("but") renumber the clauses after them.
	shift := int32(0)
	for k := range toks {
		if toks[k].id >= 0 && d.breaks[toks[k].id] {
			shift++
		}
		toks[k].clause += shift
	}
	s.matches = s.matches[:0]
	d.trie.scan(toks, s)
	if len(s.matches) == 0 {
		// Context cues alone decide nothing.
		return Result{}
	}

	// Context marks, by token, by clause and by sentence.
	nclause, nsent := 0, 0
	if len(toks) > 0 {
		nclause = int(toks[len(toks)-1].clause) + 1
		nsent = int(toks[len(toks)-1].sent) + 1
	}
	s.tflags = resize(s.tflags, len(toks))
	s.cbits = resize(s.cbits, nclause)
	s.sflags = resize(s.sflags, nsent)
	s.idioms = s.idioms[:0]
	humor, resolved, benignBye := false, false, false
	for k, t := range toks {
		if t.id < 0 {
			continue
		}
		wc := &d.wordCtx[t.id]
		s.tflags[k] |= wc.tflags
		s.cbits[t.clause] |= wc.cbits
		sf := wc.sflags
		if wc.tflags&tFirst != 0 {
			sf |= sFirst
		}
		s.sflags[t.sent] |= sf
		humor = humor || wc.humor
		resolved = resolved || wc.resolv
	}
	for _, m := range s.matches {
		e := &d.entries[m.entry]
		switch e.kind {
		case kNeg:
			s.tflags[m.i] |= tNeg
		case kPseudoNeg:
			mark(s.tflags, m, tPseudo)
		case kIdiom:
			mark(s.tflags, m, tIdiom)
			s.idioms = append(s.idioms, m)
		case kDoubt:
			mark(s.tflags, m, tDoubt)
		case kReported:
			mark(s.tflags, m, tReported)
		case kNotAdmin:
			mark(s.tflags, m, tNotAdmin)
		case kNotClinical:
			mark(s.tflags, m, tNotClinical)
		case kFirst:
			s.tflags[m.i] |= tFirst
			s.sflags[toks[m.i].sent] |= sFirst
		case kThird:
			s.tflags[m.i] |= tThird
		case kHumor:
			humor = true
		case kResolved:
			resolved = true
		case kBenignBye:
			benignBye = true
		case kMedia:
			s.sflags[toks[m.i].sent] |= sMedia
		case kGeneric:
			s.sflags[toks[m.i].sent] |= sGeneric
		case kHyperbole:
			s.sflags[toks[m.i].sent] |= sHyper
		case kPast:
			s.cbits[toks[m.i].clause] |= cPast
		case kPastTense:
			s.cbits[toks[m.i].clause] |= cPastTense
		case kRecent:
			s.cbits[toks[m.i].clause] |= cRecent
		}
	}

	var res Result
	n := 0
	for _, m := range s.matches {
		if d.entries[m.entry].kind <= kAdminWeak {
			n++
		}
	}
	if n == 0 {
		return res
	}
	// One allocation for the evidence; the weak candidates wait in scratch.
	res.Signals = make([]Signal, 0, n)
	weak := map[string]bool(nil)
	weakSignals := s.weak[:0]
	weakSents := s.weakSents[:0]
	defer func() {
		clear(weakSignals) // do not keep the caller's text alive
		s.weak, s.weakSents = weakSignals[:0], weakSents[:0]
	}()
	clinicalFromSuppressed := false
	var adminWeak adminRoles
	for _, m := range s.matches {
		e := &d.entries[m.entry]
		if e.kind > kAdminWeak {
			continue
		}
		sig := Signal{Label: e.label, Rule: e.rule, Start: int(toks[m.i].start), End: int(toks[m.j-1].end)}
		sig.Phrase = text[sig.Start:sig.End]
		if e.flags&fOverIdiom == 0 && anyFlag(s.tflags, m, tIdiom) && !outgrows(m, s.idioms) {
			if e.label == LabelCrisis {
				sig.Reason = ReasonIdiom
				res.Suppressed = append(res.Suppressed, sig)
			}
			continue
		}
		sf := s.sflags[toks[m.i].sent]
		switch e.kind {
		case kClinical:
			if anyFlag(s.tflags, m, tNotClinical) {
				continue
			}
			// Talk about a film, the news or mental health in general is
			// not the writer's own therapy content unless they say how it
			// touches them.
			// Feelings ("so sad reading about it") are the writer's own.
			if sf&sMedia != 0 && e.flags&fMedia != 0 || sf&(sMedia|sGeneric) != 0 && sf&sFirst == 0 && !feeling(e) {
				continue
			}
			res.Clinical = true
			res.Signals = append(res.Signals, sig)
			continue
		case kAdmin:
			if anyFlag(s.tflags, m, tNotAdmin) {
				continue
			}
			res.Administrative = true
			res.Signals = append(res.Signals, sig)
			continue
		case kAdminWeak:
			if anyFlag(s.tflags, m, tNotAdmin) {
				continue
			}
			adminWeak |= adminRole(e.rule)
			weakSignals = append(weakSignals, sig)
			weakSents = append(weakSents, toks[m.i].sent)
			continue
		}
		if r := d.suppress(e, m, toks, s, humor, resolved); r != "" {
			sig.Reason = r
			res.Suppressed = append(res.Suppressed, sig)
			if e.flags&fNoClinical == 0 && (r == ReasonNegated || r == ReasonPast || r == ReasonThirdPerson) {
				clinicalFromSuppressed = true
			}
			continue
		}
		if e.kind == kCrisis {
			res.Crisis = true
			res.Signals = append(res.Signals, sig)
			continue
		}
		if benignBye && (e.rule == "crisis.farewell" || e.rule == "crisis.final_gratitude") {
			// "Goodbye and good luck with the move!": an ordinary farewell
			// is listed but does not count.
			weakSignals = append(weakSignals, sig)
			weakSents = append(weakSents, toks[m.i].sent)
			continue
		}
		if weak == nil {
			weak = map[string]bool{}
		}
		weak[e.rule] = true
		weakSignals = append(weakSignals, sig)
		weakSents = append(weakSents, toks[m.i].sent)
	}

	crisisByWeak := weakCrisis(weak) || despairRepeated(weakSignals, weakSents)
	adminByWeak := adminWeak.enough()
	for _, sg := range weakSignals {
		switch {
		case sg.Label == LabelAdministrative && adminByWeak:
			res.Administrative = true
			res.Signals = append(res.Signals, sg)
		case sg.Label == LabelAdministrative:
		case sg.Label == LabelCrisis && crisisByWeak:
			res.Crisis = true
			res.Signals = append(res.Signals, sg)
		case sg.Label == LabelCrisis:
			if d.weakIsClinical(sg.Rule) {
				clinicalFromSuppressed = true
			}
			sg.Reason = ReasonWeakAlone
			res.Suppressed = append(res.Suppressed, sg)
		}
	}
	if res.Crisis || clinicalFromSuppressed {
		res.Clinical = true
	}
	res.Signals = tidy(res.Signals, s)
	res.Suppressed = tidy(res.Suppressed, s)
	if res.Crisis && res.Administrative {
		res.Signals, res.Administrative = dropInsideCrisis(res.Signals)
	}
	return res
}

// adminRoles is the set of roles the weak administrative cues found play.
type adminRoles uint8

const (
	aDay     adminRoles = 1 << iota // "tuesday", "tomorrow", "the 21st"
	aTime                           // "3pm", "at 4"
	aChange                         // "instead of", "earlier", "push to"
	aSession                        // "session", "appointment"
	aRequest                        // "can we", "is it possible", "do you have"
	aPlace                          // "parking", "lobby", "elevator"
	aObject                         // "cancel", "bill", "records": logistics words that need a request
)

// adminRole maps a weak administrative rule to its role.
func adminRole(rule string) adminRoles {
	switch rule {
	case "administrative.when_day":
		return aDay
	case "administrative.when_time":
		return aTime
	case "administrative.change":
		return aChange
	case "administrative.session_word":
		return aSession
	case "administrative.request":
		return aRequest
	case "administrative.place":
		return aPlace
	}
	return aObject
}

// enough: a request or a change together with what it is about (a day, a
// time, a place, a session, a logistics word), or a session with a day, a
// time, a change or a request. A day and a time alone ("every Tuesday at 3
// I get anxious"), a place alone ("the lobby smells nice") and a request
// with a change alone ("wants me to try X instead, do you have thoughts?")
// are not administrative.
func (r adminRoles) enough() bool {
	objects := r & (aDay | aTime | aPlace | aObject | aSession)
	switch {
	case r&(aRequest|aChange) != 0 && objects != 0:
		return true
	case r&aSession != 0 && r&(aDay|aTime) != 0:
		return true
	}
	return false
}

// feelingWords name the writer's own feelings even in a sentence without
// "I" ("so sad reading about it in the news"); a topic ("an article on
// depression") is not one.
var feelingWords = map[string]bool{
	"sad": true, "so sad": true, "upset": true, "heartbroken": true, "scared": true, "terrified": true,
	"anxious": true, "angry": true, "devastated": true, "worried": true, "nervous": true, "crying": true,
	"shook me": true, "hit me hard": true, "triggered": true, "numb": true,
}

func feeling(e *entry) bool { return feelingWords[e.phrase] }

// outgrows: the phrase strictly contains every idiom it overlaps, so it
// says more than the idiom ("jump in front of" is not "jump in").
func outgrows(m match, idioms []match) bool {
	for _, id := range idioms {
		if id.j <= m.i || id.i >= m.j {
			continue
		}
		if id.i < m.i || id.j > m.j || id.j-id.i == m.j-m.i {
			return false
		}
	}
	return true
}

// mark sets a flag on every token of a match.
func mark(tflags []uint16, m match, f uint16) {
	for k := m.i; k < m.j; k++ {
		tflags[k] |= f
	}
}

// anyFlag says whether a token of the match carries the flag.
func anyFlag(tflags []uint16, m match, f uint16) bool {
	for k := m.i; k < m.j; k++ {
		if tflags[k]&f != 0 {
			return true
		}
	}
	return false
}

// weakIsClinical: despair cues alone are still therapy content; a lone
// "goodbye" or "tonight" is not.
func (d *Detector) weakIsClinical(rule string) bool {
	switch rule {
	case "crisis.burden", "crisis.hopelessness", "crisis.self_distrust", "crisis.final_apology", "crisis.violence_to_me":
		return true
	}
	return false
}

// Weak crisis rules score by how much they say: despair cues two points,
// supporting details one; danger from someone else is scored apart so that
// "help me" and "hopeless" do not add up. Three points make a crisis.
var (
	despairPoints = map[string]int{
		"crisis.burden": 2, "crisis.hopelessness": 2, "crisis.self_distrust": 2, "crisis.final_apology": 2,
		"crisis.lethal_means": 1, "crisis.timing": 1, "crisis.farewell": 1, "crisis.final_gratitude": 1,
		"crisis.giving_away": 2, "crisis.means_at_hand": 2, "crisis.other_goodbye": 2, "crisis.unreachable": 1, "crisis.decision": 1,
	}
	dangerPoints = map[string]int{
		"crisis.threat_from_other": 2, "crisis.violence_to_me": 2, "crisis.danger_cue": 1,
		"crisis.hiding": 2, "crisis.stalking": 2,
	}
)

func weakCrisis(rules map[string]bool) bool {
	despair, danger := 0, 0
	for r := range rules {
		despair += despairPoints[r]
		danger += dangerPoints[r]
	}
	// A farewell with final thanks is a goodbye message.
	if rules["crisis.farewell"] && rules["crisis.final_gratitude"] {
		return true
	}
	// Means with a time is a plan.
	if rules["crisis.lethal_means"] && rules["crisis.timing"] && despair >= 2 {
		return true
	}
	return despair >= 3 || danger >= 3
}

// despairRepeated: two despair statements of the same kind in different
// sentences ("there's no point anymore. I'm done trying") weigh as much as
// two kinds.
func despairRepeated(weak []Signal, sents []int32) bool {
	// Few weak signals per message: the first sentence of each despair rule
	// is remembered and compared.
	var rules [8]string
	var first [8]int32
	n := 0
	for a, sg := range weak {
		if despairPoints[sg.Rule] < 2 {
			continue
		}
		k := 0
		for k < n && rules[k] != sg.Rule {
			k++
		}
		switch {
		case k == n && n < len(rules):
			rules[n], first[n] = sg.Rule, sents[a]
			n++
		case k < n && first[k] != sents[a]:
			return true
		}
	}
	return false
}

// dropInsideCrisis removes administrative evidence that is part of a crisis
// phrase ("engine running in the garage" is not directions) and says
// whether any administrative evidence is left. sigs is sorted by tidy, so
// a crisis phrase containing an administrative one comes before it.
func dropInsideCrisis(sigs []Signal) ([]Signal, bool) {
	out := sigs[:0]
	admin := false
	crisisEnd := 0
	for _, sg := range sigs {
		switch sg.Label {
		case LabelCrisis:
			crisisEnd = max(crisisEnd, sg.End)
		case LabelAdministrative:
			if sg.End <= crisisEnd {
				continue
			}
			admin = true
		}
		out = append(out, sg)
	}
	return out, admin
}

// negationWindow is how many words back a negation reaches.
const negationWindow = 5

// suppress returns why a crisis candidate is set aside, or "".
func (d *Detector) suppress(e *entry, m match, toks []token, s *scratch, humor, resolved bool) string {
	first := toks[m.i]
	sf := s.sflags[first.sent]
	if sf&sMedia != 0 {
		return ReasonMedia
	}
	if sf&sGeneric != 0 && !e.self {
		return ReasonGeneric
	}
	if humor && (e.flags&fHumor != 0 || sf&sHyper != 0) {
		return ReasonHumor
	}
	if anyFlag(s.tflags, m, tReported) {
		return ReasonThirdPerson
	}
	for k := m.i - 1; k >= 0 && k >= m.i-negationWindow; k-- {
		if toks[k].clause != first.clause {
			break
		}
		if f := s.tflags[k]; f&tNeg != 0 && f&tPseudo == 0 && e.flags&fNegPolar == 0 && !doubted(toks, s.tflags, k) {
			return ReasonNegated
		}
	}
	// Someone else's wish to die, plan or self-harm, told by a relative or
	// a friend, is a current risk; someone else's finished attempt or
	// overdose is news, and weak cues about someone else say little.
	if !e.self && e.flags&fAnySubject == 0 && (e.kind == kCrisisWeak || e.flags&fEvent != 0) {
		for k := m.i - 1; k >= 0 && k >= m.i-12; k-- {
			if toks[k].sent != first.sent {
				break
			}
			f := s.tflags[k]
			if f&tFirst != 0 {
				break
			}
			if f&tThird != 0 {
				return ReasonThirdPerson
			}
		}
	}
	cb := s.cbits[first.clause]
	if cb&cRecent == 0 && (cb&cPast != 0 || resolved && cb&cPastTense != 0) {
		return ReasonPast
	}
	return ""
}

// doubted: a negation right after "I can't promise" or "I'm not sure" does
// not negate ("I can't promise I won't hurt myself").
func doubted(toks []token, tflags []uint16, neg int32) bool {
	for k := neg - 1; k >= 0 && k >= neg-4; k-- {
		if toks[k].sent != toks[neg].sent {
			return false
		}
		if tflags[k]&tDoubt != 0 {
			return true
		}
	}
	return false
}

// tidy sorts signals by position and drops one that lies inside another of
// the same label (the lexicon's "I want to die" and the table's "want to
// die"), and exact duplicates, in one sweep.
func tidy(sigs []Signal, s *scratch) []Signal {
	if len(sigs) < 2 {
		return sigs
	}
	// Signals are large; sorting their indexes and moving each once is
	// cheaper than swapping them.
	perm := s.perm[:0]
	for k := range sigs {
		perm = append(perm, int32(k))
	}
	slices.SortFunc(perm, func(x, y int32) int {
		a, b := &sigs[x], &sigs[y]
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(b.End, a.End); c != 0 {
			return c
		}
		return cmp.Compare(a.Rule, b.Rule)
	})
	var maxEnd [3]int
	buf := s.sigBuf[:0]
	for _, k := range perm {
		sg := &sigs[k]
		l := labelIndex(sg.Label)
		if sg.End <= maxEnd[l] {
			continue
		}
		maxEnd[l] = sg.End
		buf = append(buf, *sg)
	}
	out := append(sigs[:0], buf...)
	clear(buf) // do not keep the caller's text alive
	s.perm, s.sigBuf = perm[:0], buf[:0]
	return out
}

func labelIndex(label string) int {
	switch label {
	case LabelCrisis:
		return 0
	case LabelClinical:
		return 1
	}
	return 2
}

func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// Strings returns the signals in their short form.
func Strings(sigs []Signal) []string {
	out := make([]string, len(sigs))
	for k, s := range sigs {
		out[k] = s.String()
	}
	return out
}

var _ fmt.Stringer = Signal{}

// Default returns a Detector shared by the whole process, built on first
// use: the rules are read-only, so one is enough.
var Default = sync.OnceValue(New)
