package importer

import (
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
// as the scope of the sentences under it until the next heading.
func sentencesOf(bs []block) []sentence {
	var out []sentence
	section := ""
	for i, b := range bs {
		if b.kind == heading {
			section = matchText(b.text)
			continue
		}
		scope := section
		if b.label != "" {
			scope = strings.TrimSpace(section + " / " + matchText(b.label))
		}
		for _, t := range capLength(splitSentences(b.text), maxSentence) {
			out = append(out, sentence{text: t, match: matchText(t), scope: scope, block: i, list: b.kind == listItem})
		}
	}
	return out
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
