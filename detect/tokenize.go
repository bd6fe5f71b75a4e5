package detect

import (
	"unicode"
	"unicode/utf8"
)

// token is one normalised word of the input: its vocabulary id (or noID when
// no rule mentions it), where it sits in the original text, and which
// sentence and clause it belongs to (for the scope of context rules).
type token struct {
	id           int32
	start, end   int32
	sent, clause int32
}

const noID int32 = -1

// Special vocabulary words for number shapes, so rules can say "at <num>"
// without listing every number. '<' never survives normalisation, so these
// cannot collide with a real word.
const (
	numWord     = "<num>"  // 1–2 digits, or any number that is not a year
	yearWord    = "<year>" // 19xx, 20xx
	timeWord    = "<time>" // 3pm, 10am
	ordinalWord = "<ord>"  // 9th, 21st
)

// foldRunes maps accented Latin letters to ASCII so "café" and "cafe", or a
// client typing "naïve", match the same rules.
var foldRunes = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăą", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęě", "e"},
		{"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"},
		{"ĺļľŀł", "l"}, {"ñńņňŉ", "n"}, {"òóôõöøōŏő", "o"}, {"ŕŗř", "r"},
		{"śŝşš", "s"}, {"ţťŧ", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"}, {"ýÿŷ", "y"},
		{"źżž", "z"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	m['ß'], m['æ'], m['œ'], m['þ'], m['ð'] = "ss", "ae", "oe", "th", "d"
	return m
}()

// isApostrophe covers the straight and typographic apostrophes phones insert.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '′' || r == '`'
}

// tokenize lowercases, folds apostrophes ("don't" → "dont") and diacritics,
// and splits text into words in one pass, without allocating once the
// scratch buffers have grown. Sentence ends (. ! ? newline …) and clause
// breaks (, ; dashes quotes) are recorded for the context rules.
func (d *Detector) tokenize(text string, s *scratch) {
	s.toks = s.toks[:0]
	word := s.word[:0]
	var sent, clause int32
	wstart := -1
	apos := -1 // length of word when an apostrophe was folded away
	end := func(i int) {
		if wstart >= 0 {
			// "today's", "Thursday's": try the word without the 's when
			// no rule knows the form with it ("he's" and "what's" are kept).
			possessive := apos >= 1 && apos == len(word)-1 && word[apos] == 's'
			d.emit(s, word, possessive, wstart, i, sent, clause)
			word = word[:0]
			wstart = -1
		}
		apos = -1
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				if wstart < 0 {
					wstart = i
				}
				word = append(word, c)
			case c >= 'A' && c <= 'Z':
				if wstart < 0 {
					wstart = i
				}
				word = append(word, c+'a'-'A')
			case c == '\'' || c == '`':
				// Inside a word and followed by a letter: "don't" → "dont".
				if !(wstart >= 0 && i+1 < len(text) && isASCIILetter(text[i+1])) {
					end(i)
				} else {
					apos = len(word)
				}
			case c == '.' || c == '!' || c == '?' || c == '\n':
				end(i)
				sent++
				clause++
			case c == ',' || c == ';' || c == '"' || c == '(' || c == ')':
				end(i)
				clause++
			default:
				end(i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			end(i)
		case isApostrophe(r):
			if !(wstart >= 0 && i+n < len(text) && isASCIILetter(text[i+n])) {
				end(i)
			} else {
				apos = len(word)
			}
		case r == '…' || r == '。' || r == '¿' || r == '¡':
			end(i)
			sent++
			clause++
		case r == '“' || r == '”' || r == '—' || r == '–' || r == '«' || r == '»':
			end(i)
			clause++
		default:
			lr := unicode.ToLower(r)
			if f, ok := foldRunes[lr]; ok {
				if wstart < 0 {
					wstart = i
				}
				word = append(word, f...)
			} else if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
				if wstart < 0 {
					wstart = i
				}
				word = utf8.AppendRune(word, lr)
			} else if unicode.Is(unicode.So, r) {
				// An emoji is a word of its own: 😂 and 💀 mark jokes.
				end(i)
				word = append(word[:0], text[i:i+n]...)
				d.emit(s, word, false, i, i+n, sent, clause)
				word = word[:0]
			} else if unicode.Is(unicode.Mn, r) {
				// A combining accent: drop it, the base letter is kept.
			} else {
				end(i)
			}
		}
		i += n
	}
	end(len(text))
	s.word = word
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// emit appends the token(s) for one normalised word. A texting contraction
// such as "wanna" expands to "want to", both pointing at the same bytes.
func (d *Detector) emit(s *scratch, w []byte, possessive bool, start, end int, sent, clause int32) {
	if d.vocab == nil {
		// Building: collect the words of a rule phrase.
		s.words = append(s.words, string(w))
		return
	}
	id, ok := d.vocab[string(w)]
	if !ok && possessive {
		id, ok = d.vocab[string(w[:len(w)-1])]
	}
	if !ok {
		id = d.shapeID(w)
	}
	t := token{id: id, start: int32(start), end: int32(end), sent: sent, clause: clause}
	if id >= 0 && int(id) < len(d.expand) && d.expand[id] != nil {
		for _, e := range d.expand[id] {
			t.id = e
			s.toks = append(s.toks, t)
		}
		return
	}
	s.toks = append(s.toks, t)
}

// shapeID classifies numbers no rule names literally.
func (d *Detector) shapeID(w []byte) int32 {
	if len(w) == 0 || w[0] < '0' || w[0] > '9' {
		return noID
	}
	digits := 0
	for digits < len(w) && w[digits] >= '0' && w[digits] <= '9' {
		digits++
	}
	rest := string(w[digits:])
	switch {
	case rest == "" && digits == 4 && (w[0] == '1' && w[1] == '9' || w[0] == '2' && w[1] == '0'):
		return d.special[yearWord]
	case rest == "":
		return d.special[numWord]
	case digits <= 2 && (rest == "am" || rest == "pm"):
		return d.special[timeWord]
	case rest == "st" || rest == "nd" || rest == "rd" || rest == "th":
		return d.special[ordinalWord]
	}
	return noID
}
