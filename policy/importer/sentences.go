package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence with its context. text is what evidence shows;
// match is its lower-case form for the rules; scope is the lower-case
// section heading and run-in label that govern it.
type sentence struct {
	text  string
	match string
	scope string
	block int
	list  bool
	// question is the lower-case FAQ question the sentence answers, if any.
	question string
	// label is the lower-case run-in label of the sentence's list item or
	// table row ("email" in "Email: scheduling only"), if any.
	label string
}

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "dr": true, "mr": true, "mrs": true, "ms": true,
	"st": true, "vs": true, "no": true, "inc": true, "ltd": true, "ph.d": true, "psy.d": true,
	"u.s": true, "a.m": true, "p.m": true, "jr": true, "sr": true, "ste": true, "ave": true,
	"blvd": true, "rd": true, "approx": true, "dept": true, "ed.d": true, "m.d": true, "fig": true,
	"cf": true, "al": true, "mt": true, "ft": true, "hwy": true, "apt": true, "p.o": true,
}

// splitSentences cuts text at sentence-final punctuation followed by a space
// and a capital, digit, quote or bracket, skipping abbreviations and initials.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte(`.!?"')]`, s[j]) >= 0 {
			j++
		}
		if j >= len(s) || s[j] != ' ' {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k >= len(s) {
			break
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && strings.IndexByte(`"'([`, s[k]) < 0 {
			continue
		}
		if c == '.' && isAbbreviation(s[start:i]) {
			continue
		}
		if t := strings.TrimSpace(s[start:j]); t != "" {
			out = append(out, t)
		}
		start = k
		i = k - 1
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// isAbbreviation reports whether the word before a period is an
// abbreviation or a single initial ("J. Smith").
func isAbbreviation(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.TrimLeft(f[len(f)-1], `"'([`)
	if len(w) == 1 && unicode.IsUpper(rune(w[0])) && w != "I" {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

// sentencesOf splits blocks into sentences, carrying each section heading
// as the scope of the sentences under it until the next heading. A question
// (a FAQ entry) is carried to the answer that follows it: to the rest of its
// block, or to the next block when the question stands alone, or to the
// whole section when the question is the heading.
func sentencesOf(bs []block) []sentence {
	var out []sentence
	section, sectionQ := "", ""
	pendingQ := "" // a question that ended its block, for the next block
	for i, b := range bs {
		if b.kind == heading {
			section = matchText(b.text)
			sectionQ, pendingQ = "", ""
			if strings.HasSuffix(strings.TrimSpace(b.text), "?") {
				sectionQ = section
			}
			continue
		}
		scope := section
		if b.label != "" {
			scope = strings.TrimSpace(section + " / " + matchText(b.label))
		}
		q, fresh := sectionQ, false
		if pendingQ != "" {
			q, fresh = pendingQ, true
		}
		pendingQ = ""
		parts := capLength(splitSentences(b.text), maxSentence)
		for j, t := range parts {
			s := sentence{text: t, match: matchText(t), scope: scope, block: i, list: b.kind == listItem, question: q, label: matchText(b.label)}
			if strings.HasSuffix(t, "?") {
				s.question = ""
				q, fresh = matchText(t), true
				if j == len(parts)-1 {
					pendingQ = q
				}
			} else if fresh {
				// Only the first sentence of an answer can be a bare yes or no.
				if m, ok := answerStatement(q, s.match); ok {
					s.match = m
					s.text = strings.TrimSpace(t)
				}
				fresh = false
			}
			out = append(out, s)
		}
	}
	return out
}

var (
	yesNoRE = regexp.MustCompile(`^(yes|no|nope|sure|absolutely|of course|not at all)\b[.,!;:]?\s*(.*)$`)
	// "can i text you" asks for permission: the answer states what the client may do.
	askMayRE = regexp.MustCompile(`^(?:can|may|could|should|is it (?:ok|okay|alright|fine) (?:if|to)) i (.+?)\??$`)
	// "will you accept my friend request" asks what the therapist does.
	askWillRE = regexp.MustCompile(`^(?:will|would|do|can|could|does) you (.+?)\??$`)
	swapRE    = regexp.MustCompile(`\b(?:you|your|me|my|mine|i)\b`)
)

// answerStatement turns a bare yes or no answer into the statement it
// makes: "will you friend me?" "no." reads as "i will not friend you".
func answerStatement(q, a string) (string, bool) {
	m := yesNoRE.FindStringSubmatch(a)
	if m == nil {
		return "", false
	}
	yes := m[1] != "no" && m[1] != "nope" && m[1] != "not at all"
	rest := strings.TrimSpace(m[2])
	var stmt string
	if qm := askMayRE.FindStringSubmatch(q); qm != nil {
		verb := "you may "
		if !yes {
			verb = "you may not "
		}
		stmt = verb + swapPerson(qm[1])
	} else if qm := askWillRE.FindStringSubmatch(q); qm != nil {
		verb := "i will "
		if !yes {
			verb = "i will not "
		}
		stmt = verb + swapPerson(qm[1])
	} else {
		return "", false
	}
	if rest != "" {
		stmt += ", " + rest
	}
	return stmt, true
}

// swapPerson swaps first and second person, as a statement answering a
// question speaks from the other side.
func swapPerson(s string) string {
	return swapRE.ReplaceAllStringFunc(s, func(w string) string {
		switch w {
		case "you":
			return "me"
		case "your":
			return "my"
		case "me", "i":
			return "you"
		case "my":
			return "your"
		}
		return "yours"
	})
}

// maxSentence bounds a sentence's length. Real sentences are shorter; text
// without punctuation (a run-on list, a mangled export) is cut into pieces so
// the rules' work per sentence stays small.
const maxSentence = 500

// capLength cuts sentences longer than n bytes at a clause break or a space.
func capLength(ss []string, n int) []string {
	var out []string
	for _, s := range ss {
		for len(s) > n {
			cut := strings.LastIndexAny(s[:n], ";,")
			if cut < n/2 {
				cut = strings.LastIndexByte(s[:n], ' ')
			}
			if cut < n/2 {
				cut = n
				for cut > 0 && !utf8.RuneStart(s[cut]) {
					cut--
				}
			}
			if t := strings.TrimSpace(s[:cut+boolInt(cut < len(s) && (s[cut] == ';' || s[cut] == ','))]); t != "" {
				out = append(out, t)
			}
			s = strings.TrimSpace(s[cut:])
			s = strings.TrimLeft(s, ";, ")
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
