package policy

import (
	"strings"
	"unicode"
)

// TextStats are the counts the Flesch formulas are made of.
type TextStats struct {
	Words     int
	Sentences int
	Syllables int
}

// FleschKincaidGrade returns the Flesch-Kincaid grade level of English text:
// 0.39 × words per sentence + 11.8 × syllables per word − 15.59. Text with no
// words scores 0.
func FleschKincaidGrade(text string) float64 {
	s := Stats(text)
	if s.Words == 0 {
		return 0
	}
	return 0.39*float64(s.Words)/float64(s.Sentences) + 11.8*float64(s.Syllables)/float64(s.Words) - 15.59
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "vs": true,
	"e.g": true, "i.e": true, "etc": true, "jr": true, "sr": true,
}

// Stats counts words, sentences and syllables. A word is a whitespace-separated
// token that holds a letter. A sentence ends at . ! or ? before whitespace or
// the end (unless the word is a known abbreviation), at a blank line (so a
// heading or list item without a full stop is a unit of its own), or at the
// end of the text.
func Stats(text string) TextStats {
	var st TextStats
	open := false // a sentence has words not yet counted as a sentence
	for _, para := range splitParagraphs(text) {
		for _, tok := range strings.Fields(para) {
			core := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if !hasLetter(core) {
				// A lone number or dash still may end a sentence ("in 2024.").
				if open && endsSentence(tok) {
					st.Sentences++
					open = false
				}
				continue
			}
			st.Words++
			st.Syllables += wordSyllables(core)
			open = true
			if endsSentence(tok) {
				st.Sentences++
				open = false
			}
		}
		if open {
			st.Sentences++
			open = false
		}
	}
	return st
}

func splitParagraphs(text string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// endsSentence reports whether a token closes its sentence: its last
// non-quote, non-bracket character is terminal punctuation and the word is
// not an abbreviation.
func endsSentence(tok string) bool {
	t := strings.TrimRightFunc(tok, func(r rune) bool {
		return strings.ContainsRune(`"')]}’”»*_`, r)
	})
	if t == "" {
		return false
	}
	last := t[len(t)-1]
	if last != '.' && last != '!' && last != '?' {
		return false
	}
	if last == '.' && abbreviations[strings.ToLower(strings.TrimSuffix(t, "."))] {
		return false
	}
	return true
}

// wordSyllables counts the syllables of a token, adding the counts of its
// letter runs, so "well-being" is well + being and "example.org" is
// example + org.
func wordSyllables(tok string) int {
	n := 0
	var run []rune
	flush := func() {
		if len(run) > 0 {
			n += Syllables(string(run))
			run = run[:0]
		}
	}
	for _, r := range tok {
		if unicode.IsLetter(r) || r == '\'' || r == '’' {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	if n == 0 {
		n = 1
	}
	return n
}

// syllableExceptions holds common words the rules below miscount.
var syllableExceptions = map[string]int{
	"people": 2, "create": 2, "created": 3, "creates": 2, "creating": 3, "area": 3, "areas": 3,
	"idea": 3, "ideas": 3, "real": 1, "really": 2, "science": 2, "being": 2, "business": 2,
	"every": 2, "everyone": 3, "everything": 3, "different": 3, "interest": 3, "several": 3,
	"family": 3, "evening": 2, "camera": 3, "poem": 2, "quiet": 2, "toward": 1, "towards": 1,
	"naive": 2, "react": 2, "reacts": 2, "reaction": 3, "reactions": 3, "someone": 2,
	"sometimes": 2, "something": 2, "somewhere": 2, "anyone": 3, "statement": 2,
	"management": 3, "movement": 2, "likely": 2, "lonely": 2, "safely": 2, "closely": 2,
	"timely": 2, "namely": 2, "lately": 2, "experience": 4, "audience": 3, "therapies": 3,
	"whether": 2, "however": 3, "whatever": 3, "whoever": 3, "forever": 3, "maybe": 2, "hundred": 2,
}

// Syllables estimates the syllables of one English word with the usual
// vowel-group rules and a short list of exceptions. It is an estimate: every
// readability tool counts this way, since a pronouncing dictionary is too big
// to ship for this. It returns at least 1 for any word with a letter.
func Syllables(word string) int {
	w := strings.Map(foldLetter, strings.ToLower(word))
	if w == "" {
		return 0
	}
	if n, ok := syllableExceptions[w]; ok {
		return n
	}
	if n, ok := syllableExceptions[strings.TrimSuffix(w, "s")]; ok && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return n
	}
	// A diaeresis starts a new syllable: Zo-ë, na-ïve, No-ël.
	extra := 0
	prevVowel := false
	for _, r := range strings.ToLower(word) {
		if prevVowel && strings.ContainsRune("ëïü", r) {
			extra++
		}
		f := foldLetter(r)
		prevVowel = f > 0 && isVowel(byte(f))
	}
	if len(w) <= 3 {
		return 1 + extra
	}
	return countVowelGroups(w) + extra
}

// foldLetter maps a lower-case letter to ASCII for the rules: accented vowels
// to their base vowel, other letters to a consonant stand-in; it drops the rest.
func foldLetter(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return r
	case strings.ContainsRune("àáâäåãā", r):
		return 'a'
	case strings.ContainsRune("èéêëē", r):
		return 'e'
	case strings.ContainsRune("ìíîïī", r):
		return 'i'
	case strings.ContainsRune("òóôöõøō", r):
		return 'o'
	case strings.ContainsRune("ùúûüū", r):
		return 'u'
	case unicode.IsLetter(r):
		return 'x'
	}
	return -1
}

func isVowel(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }

func countVowelGroups(w string) int {
	// Silent endings: -es and -ed after most consonants, and a final -e
	// (except consonant + le, as in "table").
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ed") && n > 3:
		if c := w[n-3]; c != 't' && c != 'd' && (!isVowel(c) || c == 'y' || c == 'u') {
			w = keepLe(w[:n-2])
		} else if c == 'e' {
			w = w[:n-1] // "freed", "agreed": the ee is one vowel group
		}
	case strings.HasSuffix(w, "es") && n > 3:
		if !sibilantBefore(w[:n-2]) {
			w = keepLe(w[:n-2])
		}
	case strings.HasSuffix(w, "e") && n > 2:
		if !(w[n-2] == 'l' && n > 3 && !isVowel(w[n-3])) && w[n-2] != 'e' {
			w = w[:n-1]
		}
	}

	count := 0
	prevVowel := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		v := isVowel(c)
		if c == 'y' && (i == 0 || (i+1 < len(w) && isVowel(w[i+1]) && w[i+1] != 'y')) {
			v = false // y before a vowel or at the start is a consonant: "you", "beyond"
		}
		if v && !prevVowel {
			count++
		}
		prevVowel = v
	}

	// Vowel pairs that are two syllables.
	for i := 0; i+1 < len(w); i++ {
		pair := w[i : i+2]
		before := byte(0)
		if i > 0 {
			before = w[i-1]
		}
		after := w[i+2:]
		switch pair {
		case "ia": // me-di-a, tri-al, con-fi-den-ti-al-i-ty; not so-cial, Aus-tra-lian
			glide := strings.HasPrefix(after, "n") ||
				(strings.ContainsRune("ctg", rune(before)) && strings.HasPrefix(after, "l") && !strings.HasPrefix(after, "lit"))
			if before != 0 && !glide {
				count++
			}
		case "io": // vi-o-lent, stu-di-o; not na-tion, un-ion
			if before != 't' && before != 's' && before != 'c' && before != 'x' && before != 'g' && before != 0 &&
				!(strings.HasPrefix(after, "n") || strings.HasPrefix(after, "u")) {
				count++
			}
		case "eo": // vi-de-o, the-o-ry
			if before != 'g' && before != 'p' {
				count++
			}
		case "ua": // ac-tu-al; not lan-guage, e-qual
			if before != 'q' && before != 'g' && before != 0 {
				count++
			}
		case "ue": // flu-ent, cru-el; not queen, guess, true
			if before != 'q' && before != 'g' && before != 0 && after != "" {
				count++
			}
		case "ie": // cli-ent, di-et; not pa-tient, friend
			if (strings.HasPrefix(after, "t") || strings.HasPrefix(after, "nt")) && before != 'c' && before != 't' && before != 0 {
				count++
			}
		case "iu": // stad-i-um, pre-mi-um
			count++
		case "ii", "uo": // ski-ing, du-o
			count++
		}
	}
	for _, s := range []string{"oing", "eing", "uing"} {
		if strings.Contains(w, s) { // go-ing, see-ing, con-tin-u-ing
			count++
		}
	}
	if strings.HasSuffix(w, "iou") || strings.Contains(w, "ious") {
		// pre-vi-ous, se-ri-ous; not con-scious, cau-tious, re-li-gious.
		i := strings.Index(w, "iou")
		if i > 0 && !strings.ContainsRune("ctgx", rune(w[i-1])) {
			count++
		}
	}
	if count < 1 {
		count = 1
	}
	return count
}

// keepLe restores the syllable of a consonant + le stem: "tables" → "table",
// "handled" → "handle" (but "called" → "call").
func keepLe(stem string) string {
	n := len(stem)
	if n > 1 && stem[n-1] == 'l' && !isVowel(stem[n-2]) && stem[n-2] != 'l' {
		return stem + "e"
	}
	return stem
}

func sibilantBefore(stem string) bool {
	for _, suf := range []string{"s", "x", "z", "ch", "sh", "c", "g"} {
		if strings.HasSuffix(stem, suf) {
			return true
		}
	}
	return false
}

// PlainText strips Markdown syntax for readability scoring: headings and list
// items become paragraphs of their own (each one a sentence for the formula),
// emphasis, escapes and link targets go, link text stays.
func PlainText(md string) string {
	var b strings.Builder
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		block := false
		for _, p := range []string{"#", ">"} {
			for strings.HasPrefix(t, p) {
				t, block = strings.TrimSpace(t[len(p):]), true
			}
		}
		if len(t) > 1 && strings.ContainsRune("-*+", rune(t[0])) && t[1] == ' ' {
			t, block = strings.TrimSpace(t[2:]), true
		} else if i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i+1 < len(t) &&
			(t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
			t, block = strings.TrimSpace(t[i+2:]), true
		}
		t = stripInline(t)
		if block {
			b.WriteString("\n\n" + t + "\n\n")
		} else {
			b.WriteString(t + "\n")
		}
	}
	return b.String()
}

// stripInline drops emphasis markers, backslash escapes and link targets.
func stripInline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '*' || c == '`':
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			if j := strings.IndexByte(s[i:], ')'); j > 0 {
				i += j
			}
		case c == '[':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
