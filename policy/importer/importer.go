// Package importer reads a practice's existing social-media policy, written
// in prose (plain text, Markdown or HTML), and infers a stance for every
// clause of the policy model and the profile fields the text gives.
//
// It is rule based and cautious: a stance is only reported when a sentence
// states it plainly, and contradicting statements leave the clause
// unspecified, because a wrong stance is worse than none. Every decided
// clause carries the sentences that decided it, for review before saving.
package importer

import (
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// MaxSize is the largest input Import reads (an HTML page may carry much
// markup); MaxTextSize bounds the text it holds, as policies are a few pages.
const (
	MaxSize     = 8 << 20
	MaxTextSize = 1 << 20
)

// Result is what Import infers from a policy text.
type Result struct {
	// Stances names every clause; unspecified where the text is silent or unclear.
	Stances policy.Stances
	// Profile holds only the fields the text clearly gives.
	Profile policy.Profile
	// Evidence lists, per clause, the sentences that decided it (and, for a
	// clause left unspecified because statements conflict, those statements).
	Evidence map[policy.Clause][]string
	// Conflicts lists the stances found for clauses left unspecified because
	// the text points both ways.
	Conflicts map[policy.Clause][]policy.Stance
	// Format is how the input was read.
	Format Format
	// Notes are remarks for the reviewer, such as that the text does not read
	// as a client-facing policy.
	Notes []string
}

// Import reads a policy from r; name (a file name, may be empty) helps
// decide the format. It fails on empty, binary, non-UTF-8 or oversized input.
func Import(r io.Reader, name string) (Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return Result{}, framekeeper.Errorf(framekeeper.EINVALID, "cannot read %s: %v", displayName(name), err)
	}
	if len(data) > MaxSize {
		return Result{}, framekeeper.Errorf(framekeeper.ETOOLARGE, "%s is larger than %d MiB", displayName(name), MaxSize>>20)
	}
	if err := checkText(data, name); err != nil {
		return Result{}, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	format := DetectFormat(name, data)
	bs := extractBlocks(format, string(data))
	if len(bs) == 0 {
		return Result{}, framekeeper.Errorf(framekeeper.EINVALID, "%s contains no readable text", displayName(name))
	}
	size := 0
	for _, b := range bs {
		size += len(b.text)
	}
	if size > MaxTextSize {
		return Result{}, framekeeper.Errorf(framekeeper.ETOOLARGE, "%s holds more than %d KiB of text; a policy is a few pages", displayName(name), MaxTextSize>>10)
	}
	return infer(bs, format), nil
}

func displayName(name string) string {
	if name == "" || name == "-" {
		return "the input"
	}
	return name
}

// checkText rejects input that is not a text document.
func checkText(data []byte, name string) error {
	n := displayName(name)
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return framekeeper.Errorf(framekeeper.EINVALID, "%s is empty", n)
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "%s is a PDF; extract its text first (for example with pdftotext)", n)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "%s is UTF-16; convert it to UTF-8", n)
	case bytes.IndexByte(data, 0) >= 0:
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "%s is a binary file, not text", n)
	case !utf8.Valid(data):
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "%s is not valid UTF-8 text", n)
	}
	// Text has few control characters besides line breaks and tabs.
	ctl, total := 0, 0
	for _, r := range string(data) {
		total++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctl++
		}
	}
	if ctl*20 > total {
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "%s is a binary file, not text", n)
	}
	return nil
}

// extractBlocks extracts the text of a document as headings, paragraphs and list
// items, normalising typography and PDF-extraction artefacts.
func extractBlocks(format Format, src string) []block {
	var bs []block
	switch format {
	case FormatHTML:
		bs = htmlBlocks(src)
	case FormatMarkdown:
		bs = linesToBlocks(markdownLines(foldChars(src)))
	default:
		bs = linesToBlocks(textLines(foldChars(src)))
	}
	var all strings.Builder
	for _, b := range bs {
		all.WriteString(b.text)
		all.WriteByte('\n')
	}
	v := newVocabulary(all.String())
	out := bs[:0]
	for _, b := range bs {
		b.text = strings.Join(strings.Fields(repairSplitWords(b.text, v)), " ")
		if b.text != "" {
			out = append(out, b)
		}
	}
	return splitLabels(out)
}

// Text returns the extracted text of a document, headings marked with "#"
// and list items with "-", one block per line.
func Text(format Format, src string) string {
	var b strings.Builder
	for _, bl := range extractBlocks(format, src) {
		switch bl.kind {
		case heading:
			b.WriteString("# ")
		case listItem:
			b.WriteString("- ")
		}
		if bl.label != "" {
			b.WriteString(bl.label + ": ")
		}
		b.WriteString(bl.text)
		b.WriteByte('\n')
	}
	return b.String()
}

var (
	// advice marks sentences addressed to clinicians, not to clients.
	adviceRE = regexp.MustCompile(`^(?:decline|avoid|embrace|check|take time|adhere|include|remember|consider|be prepared|make sure|study|keep in mind that therapists)\b|\byour clients\b|\b(?:therapists|clinicians|practitioners|counselors|psychologists) (?:should|must|need to|ought)\b|\bfor clinicians\b|\bclinicians who\b`)
	// nonPolicy marks the furniture of articles and blog posts.
	nonPolicyRE = regexp.MustCompile(`\bwhat do you think\b|\barticle contributed\b|\bread more\b|\bi am curious\b|\bwould you friend\b|\brecommendations (?:are )?offered\b|\bcomments? below\b|\bposted by\b|\bposted on (?:\w+ )?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\bshare this article\b`)
	// policyVoice marks sentences a policy addresses to its clients.
	policyVoiceRE = regexp.MustCompile(`\b(?:i|we) (?:do not|don't|will not|won't|never|will|may|only|cannot|can't|prefer|ask|am happy|keep|use|respond|accept|check|understand|value)\b|\byour (?:counselor|therapist|psychologist|clinician|provider|counselor/therapist)\b|\bour (?:therapists|clinicians|counselors|staff|practice|office|policy)\b|\b(?:this|my|our) (?:policy|document)\b|\bplease (?:do not|don't)\b|\bby signing\b|\bcontact (?:me|us)\b|\bthe practice\b|\b(?:clinicians|therapists|counselors|psychologists|staff) (?:will|will not|won't|do not|don't|does not|may|never|cannot|can't)\b|\bthe (?:center|clinic|agency|group|practice)(?:'s)? (?:does|do|will|may|never|cannot|clinicians|therapists|counselors|staff)\b|\bclients may\b`)
)

// infer applies the rule tables to the sentences of a document.
func infer(bs []block, format Format) Result {
	res := Result{
		Stances:   policy.Stances{},
		Evidence:  map[policy.Clause][]string{},
		Conflicts: map[policy.Clause][]policy.Stance{},
		Format:    format,
	}
	ss := sentencesOf(bs)
	voice, advice := 0, 0
	skip := make([]bool, len(ss)) // questions and advice to clinicians state no stance
	for i, s := range ss {
		isAdvice := adviceRE.MatchString(s.match)
		skip[i] = isAdvice || strings.HasSuffix(s.text, "?")
		if isAdvice || nonPolicyRE.MatchString(s.match) {
			advice++
		} else if policyVoiceRE.MatchString(s.match) {
			voice++
		}
	}
	for _, b := range bs {
		if b.kind == heading && strings.Contains(strings.ToLower(b.text), "polic") {
			voice++
			break
		}
	}
	if voice == 0 || advice > 0 && voice <= 2*advice {
		// Guidance for clinicians and blog posts discuss the same topics as a
		// policy without committing a practice to anything.
		res.Stances = res.Stances.Complete()
		res.Notes = append(res.Notes, "The text does not read as a client-facing policy (it addresses clinicians or readers in general); no stances were inferred.")
		return res
	}
	table := rules()
	topics := make([][]bool, len(ss)) // topics[i][k]: sentence i names clause k's topic
	for i, s := range ss {
		topics[i] = make([]bool, len(table))
		for k, cr := range table {
			topics[i][k] = cr.topic.MatchString(s.match)
		}
	}
	for k, cr := range table {
		found := map[policy.Stance][]string{}
		var order []policy.Stance
		for i, s := range ss {
			if skip[i] {
				continue
			}
			// The question a FAQ answer replies to names its topic as
			// closely as the answer itself.
			// So does the run-in label of a list item or table row.
			own := topics[i][k] || s.question != "" && cr.topic.MatchString(s.question) ||
				s.label != "" && cr.topic.MatchString(s.label)
			inScope := own || cr.topic.MatchString(s.scope)
			if !inScope && cr.carry && i > 0 && ss[i-1].block == s.block && topics[i-1][k] && !slices.Contains(topics[i], true) {
				inScope = true
			}
			if !inScope || cr.need != nil && !cr.need.MatchString(s.match) {
				continue
			}
			for _, c := range cr.cues {
				if c.own && !own || !c.matches(s.match) {
					continue
				}
				if _, seen := found[c.stance]; !seen {
					order = append(order, c.stance)
				}
				if !slices.Contains(found[c.stance], s.text) {
					found[c.stance] = append(found[c.stance], s.text)
				}
			}
		}
		st, evidence := resolve(cr, found, order)
		res.Stances[cr.clause] = st
		if len(evidence) > 0 {
			res.Evidence[cr.clause] = evidence
		}
		if st == policy.Unspecified && len(order) > 1 {
			res.Conflicts[cr.clause] = order
		}
	}
	res.Stances = res.Stances.Complete()
	res.Profile = extractProfile(bs, ss)
	return res
}

var (
	negatorRE  = regexp.MustCompile(`\b(?:not|never|no|nor|cannot)\b|n't\b`)
	boundaryRE = regexp.MustCompile(`[;:.!?]|, (?:but|and|so|because|as|which|although)\b| but | however | unless | except | and (?:please |also )?(?:do not|don't|never|i|we|you|your)\b`)
)

// matches reports whether the cue fires in a sentence, honouring affirm and
// the vetoes.
func (c cue) matches(s string) bool {
	if c.unlessSentence != nil && c.unlessSentence.MatchString(s) {
		return false
	}
	for _, loc := range c.re.FindAllStringIndex(s, -1) {
		m := s[loc[0]:loc[1]]
		if c.affirm {
			// The match and the few words before it must carry no negation.
			before := lastWords(s[:loc[0]], 3)
			if negatorRE.MatchString(m) || negatorRE.MatchString(before) {
				continue
			}
		}
		if c.unless != nil {
			tail := s[loc[1]:]
			if b := boundaryRE.FindStringIndex(tail); b != nil {
				tail = tail[:b[0]]
			}
			if c.unless.MatchString(m + tail) {
				continue
			}
		}
		return true
	}
	return false
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// resolve picks the stance of a clause from the stances its cues found:
// dominated stances give way to the stance that wins over them; two
// stances left standing contradict each other and yield unspecified.
func resolve(cr clauseRules, found map[policy.Stance][]string, order []policy.Stance) (policy.Stance, []string) {
	if len(order) == 0 {
		return policy.Unspecified, nil
	}
	var standing []policy.Stance
	for _, st := range order {
		beaten := false
		for _, w := range cr.wins {
			if w[1] == st && found[w[0]] != nil {
				beaten = true
			}
		}
		if !beaten {
			standing = append(standing, st)
		}
	}
	var evidence []string
	for _, st := range order {
		for _, t := range found[st] {
			if !slices.Contains(evidence, t) {
				evidence = append(evidence, t)
			}
		}
	}
	if len(standing) != 1 {
		return policy.Unspecified, evidence
	}
	return standing[0], evidence
}
