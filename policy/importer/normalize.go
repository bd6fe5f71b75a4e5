package importer

import (
	"regexp"
	"strings"
	"unicode"
)

// charFolds maps typographic characters to the ASCII the rules are written
// in, so a curly quote in a PDF export matches the same rule as a straight one.
var charFolds = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`,
	"\u00ab", `"`, "\u00bb", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", " - ", "\u2015", " - ", "\u2212", "-",
	"\u00a0", " ", "\u2002", " ", "\u2003", " ", "\u2009", " ", "\u202f", " ", "\u3000", " ",
	"\u00ad", "", "\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "",
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl",
	"\u2026", "...",
	"\u2022", "\n• ", "\uf0b7", "\n• ", "\u25aa", "\n• ", "\u25cf", "\n• ", "\u25e6", "\n• ",
	"\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n",
)

// foldChars applies charFolds and drops other control characters, which PDF
// extraction leaves behind and which would otherwise split words.
func foldChars(s string) string {
	s = charFolds.Replace(s)
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
}

var (
	wordRE = regexp.MustCompile(`[A-Za-z]+`)
	// spacedRE finds letter-spaced words ("d i s c u s s"): three or more
	// single letters each followed by exactly one space.
	spacedRE = regexp.MustCompile(`\b(?:[A-Za-z] ){2,}[A-Za-z]\b`)
	// pairRE finds two adjacent words that may be halves of one word split by
	// a PDF extractor ("therapis t", "th is", "a nd").
	pairRE = regexp.MustCompile(`\b([A-Za-z]+)( +)([A-Za-z]+)\b`)
)

// vocabulary is the set of words known to be whole: a small list of common
// English and domain words plus words the document itself uses often.
type vocabulary struct {
	doc map[string]int
}

func newVocabulary(text string) vocabulary {
	v := vocabulary{doc: map[string]int{}}
	for _, w := range wordRE.FindAllString(text, -1) {
		v.doc[strings.ToLower(w)]++
	}
	return v
}

// whole reports whether w is a word on its own (used for the halves).
func (v vocabulary) whole(w string) bool {
	w = strings.ToLower(w)
	if len(w) == 1 {
		return w == "a" || w == "i"
	}
	return commonWords()[w] || v.doc[w] >= 3
}

// known reports whether w is a plausible joined word: known itself, or an
// inflection of a known word ("texts", "scheduling").
func (v vocabulary) known(w string) bool {
	w = strings.ToLower(w)
	if len(w) < 2 {
		return false
	}
	if commonWords()[w] || v.doc[w] >= 1 {
		return true
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing", "ly", "er"} {
		stem, ok := strings.CutSuffix(w, suf)
		if ok && len(stem) >= 3 && (commonWords()[stem] || commonWords()[stem+"e"] || v.doc[stem] >= 1 || v.doc[stem+"e"] >= 1) {
			return true
		}
	}
	return false
}

// repairSplitWords undoes the word splitting of PDF extraction: letter-spaced
// runs are closed up, then two adjacent fragments are joined when the joined
// word is known and one fragment is not a word by itself.
func repairSplitWords(s string, v vocabulary) string {
	s = apostropheRE.ReplaceAllString(s, "$1'$2")
	s = spacedRE.ReplaceAllStringFunc(s, func(m string) string {
		joined := strings.ReplaceAll(m, " ", "")
		if v.known(joined) || len(joined) >= 4 {
			return joined
		}
		return m
	})
	// Two passes, as a word may be split twice ("coun se lor").
	for range 2 {
		s = replacePairs(s, v)
	}
	return s
}

func replacePairs(s string, v vocabulary) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		loc := pairRE.FindStringSubmatchIndex(s[i:])
		if loc == nil {
			break
		}
		a, sp, c := s[i+loc[2]:i+loc[3]], s[i+loc[4]:i+loc[5]], s[i+loc[6]:i+loc[7]]
		joined := a + c
		if v.known(joined) && (!v.whole(a) || !v.whole(c)) && !isUpperWord(c) {
			b.WriteString(s[last : i+loc[2]])
			b.WriteString(joined)
			last = i + loc[1]
			i = last
			continue
		}
		// Move on by the first word only, so the second can pair with the next.
		i += loc[2] + len(a) + len(sp)
	}
	b.WriteString(s[last:])
	return b.String()
}

// isUpperWord reports whether w starts with a capital after its first letter
// position, i.e. it begins a new name or sentence ("email Dr", "a Note").
func isUpperWord(w string) bool {
	return w != "" && unicode.IsUpper(rune(w[0]))
}

// apostropheRE finds an apostrophe set off by a space, as PDF exports leave
// them ("Center 's therapists").
var apostropheRE = regexp.MustCompile(`(\w) '(s|t|re|ve|ll|d|m)\b`)

// matchText prepares a sentence for the rules: lower case, no quotes or
// emphasis marks, single spaces.
func matchText(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer(`"`, "", "*", "", "_", " ", "`", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
