// Package postcheck lints a therapist's draft social media post, or any text
// the practice publishes (message templates included), for the four things a
// social media policy forbids: referring to clients or sessions, soliciting
// testimonials, reviews or likes, disclosing a person's identifying or health
// details, and venting about clients, colleagues or the workplace.
//
// The checker is a set of readable phrase tables (rules.go): a trigger pattern
// plus context that must, or must not, appear in the same sentence or the few
// before it. It is deliberately conservative about service statements
// ("now accepting new clients", "sessions are 50 minutes") and general
// psychoeducation ("depression is treatable"), which are what most practice
// posts are.
//
// Offsets: Finding.Start and Finding.End count Unicode code points (runes)
// into the text exactly as given, End exclusive, so []rune(text)[Start:End]
// is the flagged fragment. An invalid UTF-8 byte counts as one code point, as
// in utf8.RuneCountInString.
package postcheck

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule names one kind of finding. The values are fixed by the lint-post
// contract.
type Rule string

// The rules, as named in the lint-post contract.
const (
	ClientReference         Rule = "client_reference"
	TestimonialSolicitation Rule = "testimonial_solicitation"
	PHI                     Rule = "phi"
	Venting                 Rule = "venting"
)

// Rules lists every rule in a stable order.
func Rules() []Rule {
	return []Rule{ClientReference, TestimonialSolicitation, PHI, Venting}
}

// Finding is one problem in a text: which rule, where (code point offsets,
// end exclusive) and why, in words meant for the therapist.
type Finding struct {
	Rule    Rule   `json:"rule"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Message string `json:"message"`
}

// Checker holds the compiled rule tables. It is immutable after New and safe
// for concurrent use.
type Checker struct {
	rules []compiledRule
}

type compiledRule struct {
	rule     Rule
	message  string
	patterns []compiledPattern
}

type compiledPattern struct {
	match  matcher
	with   matcher
	unless matcher
	back   int
	whole  bool
	cond   condition
	span   spanKind
}

// matcher is a compiled table expression and the text it runs on. Most
// expressions are lower case and run, case-sensitively, on the lower-cased
// text, which is several times faster than (?i); the few that need case
// (personal and street names) run case-insensitively on the text as given.
type matcher struct {
	re    *regexp.Regexp
	cased bool
	lits  []string // one of these occurs in any match (lower case)
	litOK bool
}

func (m matcher) on(d *doc) string {
	if m.cased {
		return d.norm
	}
	return d.lower
}

// New compiles the rule tables. It panics only if a table entry does not
// compile, which the package tests rule out.
func New() *Checker {
	c := &Checker{}
	for _, t := range tables() {
		cr := compiledRule{rule: t.rule, message: t.message}
		for _, p := range t.patterns {
			cr.patterns = append(cr.patterns, compiledPattern{
				match:  compile(p.match),
				with:   compile(p.with),
				unless: compile(p.unless),
				back:   p.back,
				whole:  p.whole,
				cond:   p.cond,
				span:   p.span,
			})
		}
		c.rules = append(c.rules, cr)
	}
	return c
}

// compile makes every table pattern case-insensitive: a lower-case pattern
// runs on the lower-cased text; one that needs case (personal names)
// switches it off locally with (?-i:...) and runs with (?i) on the text as
// given.
func compile(expr string) matcher {
	if expr == "" {
		return matcher{}
	}
	m := matcher{re: regexp.MustCompile(expr)}
	if strings.Contains(expr, "(?-i:") {
		m = matcher{re: regexp.MustCompile(`(?i)` + expr), cased: true}
	}
	m.lits, m.litOK = requiredLiterals(m.re.String())
	return m
}

// Check returns the findings in text, ordered by position then rule. It never
// returns nil, so an encoded result is always a JSON array.
func (c *Checker) Check(text string) []Finding {
	d := newDoc(text)
	out := []Finding{}
	for _, r := range c.rules {
		var spans [][2]int // byte spans in d.norm
		for _, p := range r.patterns {
			spans = append(spans, p.find(d)...)
		}
		for _, s := range mergeSpans(spans) {
			start, end := d.runeOff[s[0]], d.runeOff[s[1]]
			if start >= end {
				continue
			}
			out = append(out, Finding{
				Rule:    r.rule,
				Start:   start,
				End:     end,
				Message: fmt.Sprintf(r.message, quote(d.norm[s[0]:s[1]])),
			})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// Only returns the findings of the given rules, for callers that enforce one
// clause, e.g. an outbound guard that blocks templates soliciting reviews.
func (c *Checker) Only(text string, rules ...Rule) []Finding {
	out := []Finding{}
	for _, f := range c.Check(text) {
		for _, r := range rules {
			if f.Rule == r {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// quote shortens a fragment for a message so a long sentence does not bury
// the explanation.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:57])) + "…"
	}
	return `"` + s + `"`
}

// doc is a text prepared for matching: typographic quotes folded to ASCII so
// one pattern covers "don't" and "don’t", a map back to code point offsets,
// and sentence boundaries.
type doc struct {
	norm      string
	lower     string // norm with ASCII letters lower-cased: same byte offsets
	runeOff   []int  // runeOff[b] = code point offset of norm byte b; len(norm)+1 entries
	sentences [][2]int
}

func newDoc(text string) *doc {
	var b strings.Builder
	b.Grow(len(text))
	off := make([]int, 0, len(text)+1)
	n := 0
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		i += w
		switch r {
		case '\u2018', '\u2019', '\u02bc', '\u2032':
			r = '\''
		case '\u201c', '\u201d', '\u2033':
			r = '"'
		case '\u2010', '\u2011', '\u2012':
			r = '-'
		case '\u00a0', '\u202f':
			r = ' '
		}
		start := b.Len()
		b.WriteRune(r) // an invalid byte becomes U+FFFD, still one code point
		for k := start; k < b.Len(); k++ {
			off = append(off, n)
		}
		n++
	}
	off = append(off, n)
	d := &doc{norm: b.String(), runeOff: off}
	d.lower = asciiLower(d.norm)
	d.sentences = splitSentences(d.norm)
	return d
}

// abbreviations that end in a full stop without ending a sentence, so
// "Dr. Patel" and "Emily R. from group" stay in one sentence.
var abbrevs = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "mx": true, "prof": true,
	"st": true, "jr": true, "sr": true, "vs": true, "etc": true, "e.g": true,
	"i.e": true, "no": true, "ave": true, "apt": true,
}

// splitSentences cuts at ., ! or ? followed by a space, and at line breaks.
func splitSentences(s string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		a, b := start, end
		for a < b && isSpaceByte(s[a]) {
			a++
		}
		for b > a && isSpaceByte(s[b-1]) {
			b--
		}
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			emit(i)
			start = i + 1
			continue
		}
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i
		for j+1 < len(s) && (s[j+1] == '.' || s[j+1] == '!' || s[j+1] == '?' || s[j+1] == '"' || s[j+1] == '\'' || s[j+1] == ')') {
			j++
		}
		if j+1 < len(s) && s[j+1] != ' ' && s[j+1] != '\n' {
			i = j
			continue
		}
		if c == '.' && j == i && isAbbrev(s[start:i]) {
			continue
		}
		emit(j + 1)
		start = j + 1
		i = j
	}
	emit(len(s))
	return out
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isAbbrev reports whether the word before a full stop is a title,
// a known abbreviation or a single initial.
func isAbbrev(before string) bool {
	k := strings.LastIndexAny(before, " \t(\n")
	w := before[k+1:]
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	return abbrevs[strings.ToLower(w)]
}

// find returns the byte spans this pattern flags in d.
func (p compiledPattern) find(d *doc) [][2]int {
	var out [][2]int
	if !mayMatch(p.match.lits, p.match.litOK, d.lower) {
		return nil
	}
	if p.with.re != nil && !p.whole && !mayMatch(p.with.lits, p.with.litOK, d.lower) {
		return nil
	}
	text := p.match.on(d)
	for i, s := range d.sentences {
		locs := p.match.re.FindAllStringIndex(text[s[0]:s[1]], -1)
		if locs == nil {
			continue
		}
		lo := i - p.back
		if lo < 0 {
			lo = 0
		}
		from, to := d.sentences[lo][0], s[1]
		if p.whole {
			from, to = 0, len(d.norm)
		}
		if p.with.re != nil && !p.with.re.MatchString(p.with.on(d)[from:to]) {
			continue
		}
		if p.unless.re != nil && p.unless.re.MatchString(p.unless.on(d)[from:to]) {
			continue
		}
		if p.cond != nil && !p.cond(d.norm[from:to]) {
			continue
		}
		if p.span == spanSentence {
			out = append(out, s)
			continue
		}
		for _, l := range locs {
			if l[0] < l[1] {
				out = append(out, [2]int{s[0] + l[0], s[0] + l[1]})
			}
		}
	}
	return out
}

// mergeSpans sorts spans and joins overlapping ones, so one phrase caught by
// two patterns of a rule is reported once.
func mergeSpans(spans [][2]int) [][2]int {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	out := [][2]int{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s[0] < last[1] {
			if s[1] > last[1] {
				last[1] = s[1]
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// hasPersonName reports whether a sentence names a private person: a
// capitalised word that is not a common word, a title for a clinician, or
// part of a title-cased heading. It is the context for "name + diagnosis".
func hasPersonName(context string) bool {
	// The context may hold several sentences; each one's first word is
	// judged as a sentence opening.
	for _, s := range splitSentences(context) {
		if sentenceHasPersonName(context[s[0]:s[1]]) {
			return true
		}
	}
	return false
}

func sentenceHasPersonName(sent string) bool {
	words := nameWordRe.FindAllStringIndex(sent, -1)
	if len(words) == 0 {
		return false
	}
	// Headings ("Understanding Bipolar Disorder In Teens") capitalise every
	// word; names cannot be told from them, so do not guess.
	if isTitleCase(sent) {
		return false
	}
	for k, w := range words {
		word := sent[w[0]:w[1]]
		if commonCapitalised()[strings.ToLower(word)] || healthWordRe.MatchString(word) {
			continue
		}
		before := strings.TrimRight(sent[:w[0]], " ")
		if clinicianTitleRe.MatchString(before) {
			continue // "Dr. Patel" is a colleague introduced professionally
		}
		if k > 0 && words[k-1][1]+1 == w[0] && clinicianTitleRe.MatchString(strings.TrimRight(sent[:words[k-1][0]], " ")) {
			continue // "Dr. Amy Chen": the surname after a titled first name
		}
		if strings.TrimSpace(before) == "" {
			// A sentence's first word is capitalised anyway ("Grief is not a
			// disorder"): count it as a name only when it is a given name or
			// what follows reads like one.
			if !firstNames()[strings.ToLower(word)] && !nameFollowRe.MatchString(sent[w[1]:]) {
				continue
			}
		}
		return true
	}
	return false
}

var (
	healthWordRe     = regexp.MustCompile(`(?i)^(?:` + health + `|` + meds + `)$`)
	wordRe           = regexp.MustCompile(`[A-Za-z][A-Za-z'-]*`)
	nameWordRe       = regexp.MustCompile(`\b[A-Z][a-z]+\b`)
	clinicianTitleRe = regexp.MustCompile(`\b(?:Dr|Doctor|Prof|Professor)\.?$`)
	// What follows a sentence-initial name that is not a common given name:
	// a surname, an initial, an age or "from my group".
	nameFollowRe = regexp.MustCompile(`^(?:\s+[A-Z][a-z]+(?:[\s,']|$)|\s+[A-Z]\.|,\s*(?:\d|age|who|aged)|\s*\(\d|\s+(?:from|in|at)\s+(?:my|our|the)\b)`)
)

// isTitleCase reports whether most words are capitalised; kept separate so
// tests can pin the heading heuristic.
func isTitleCase(s string) bool {
	all := wordRe.FindAllString(s, -1)
	if len(all) < 4 {
		return false
	}
	n := 0
	for _, w := range all {
		if unicode.IsUpper(rune(w[0])) {
			n++
		}
	}
	return n*3 > len(all)*2
}
