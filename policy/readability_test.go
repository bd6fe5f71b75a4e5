package policy

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSyllables(t *testing.T) {
	// Counts from a pronouncing dictionary (Merriam-Webster hyphenation).
	tests := []struct {
		word string
		want int
	}{
		{"the", 1}, {"cat", 1}, {"you", 1}, {"your", 1}, {"yourself", 2}, {"they", 1},
		{"beyond", 2}, {"table", 2}, {"tables", 2}, {"whole", 1}, {"simple", 2},
		{"handled", 2}, {"called", 1}, {"shared", 1}, {"used", 1}, {"asked", 1},
		{"needed", 2}, {"wanted", 2}, {"decided", 3}, {"played", 1}, {"agreed", 2},
		{"makes", 1}, {"places", 2}, {"changes", 2}, {"messages", 3}, {"uses", 2},
		{"does", 1}, {"times", 1}, {"issues", 2}, {"services", 3},
		{"therapy", 3}, {"therapist", 3}, {"therapist's", 3}, {"privacy", 3}, {"policy", 3},
		{"social", 2}, {"media", 3}, {"Australian", 3}, {"reptilian", 3}, {"platypus", 3},
		{"seemingly", 3}, {"hybrid", 2}, {"mammal", 2}, {"creature", 2},
		{"nation", 2}, {"violent", 3}, {"period", 3}, {"union", 2}, {"previous", 3},
		{"serious", 3}, {"conscious", 2}, {"video", 3}, {"theory", 3}, {"actual", 3},
		{"usual", 3}, {"language", 2}, {"situation", 4}, {"fluent", 2}, {"influence", 3},
		{"continue", 3}, {"question", 2}, {"client", 2}, {"clients", 2}, {"patient", 2},
		{"friend", 1}, {"friends", 1}, {"believe", 2}, {"anxiety", 4}, {"going", 2},
		{"seeing", 2}, {"people", 2}, {"create", 2}, {"experience", 4}, {"confidentiality", 7},
		{"relationship", 4}, {"appointment", 3}, {"emergency", 4}, {"message", 2},
		{"record", 2}, {"don't", 1}, {"we'll", 1}, {"Zoë", 2}, {"Łukasz", 2},
	}
	for _, tt := range tests {
		if got := Syllables(tt.word); got != tt.want {
			t.Errorf("Syllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		text string
		want TextStats
	}{
		{"", TextStats{}},
		{"The cat sat on the mat.", TextStats{Words: 6, Sentences: 1, Syllables: 6}},
		{"Call us. We will help! Are you sure?", TextStats{Words: 8, Sentences: 3, Syllables: 8}},
		// A heading and list items without a full stop are units of their own.
		{"Email\n\nPhone: 555\n\nText us", TextStats{Words: 4, Sentences: 3, Syllables: 5}},
		// Line breaks inside a paragraph do not end a sentence; abbreviations do not.
		{"Ask Dr. Lee\nabout it.", TextStats{Words: 5, Sentences: 1, Syllables: 6}},
		// A web address is one word whose syllables are those of its parts.
		{"Visit example.org today.", TextStats{Words: 3, Sentences: 1, Syllables: 2 + 4 + 2}},
		{"It was 2024.", TextStats{Words: 2, Sentences: 1, Syllables: 2}},
	}
	for _, tt := range tests {
		if got := Stats(tt.text); got != tt.want {
			t.Errorf("Stats(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestFleschKincaidGrade(t *testing.T) {
	tests := []struct {
		name string
		text string
		want float64
	}{
		// The textbook example: 13 words, 24 syllables, grade 11.3.
		{"platypus", "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.", 11.3},
		// One-syllable words in a six-word sentence: 0.39×6 + 11.8 − 15.59.
		{"cat", "The cat sat on the mat.", -1.45},
		// 8 words, 3 sentences, 8 syllables: 0.39×8/3 + 11.8 − 15.59.
		{"short sentences", "Call us. We will help! Are you sure?", 0.39*8/3 + 11.8 - 15.59},
		{"empty", "", 0},
		{"no words", "123 456 — !!", 0},
	}
	for _, tt := range tests {
		if got := FleschKincaidGrade(tt.text); math.Abs(got-tt.want) > 0.05 {
			t.Errorf("%s: FleschKincaidGrade = %.2f, want %.2f", tt.name, got, tt.want)
		}
	}
}

func TestFleschKincaidOrdersTexts(t *testing.T) {
	easy := "We will not text you. Please call the office. We are glad to help."
	hard := "Electronic communications, including social networking platforms, present considerable confidentiality vulnerabilities necessitating comprehensive documentation."
	if e, h := FleschKincaidGrade(easy), FleschKincaidGrade(hard); e >= h {
		t.Errorf("easy text grade %.1f not below hard text grade %.1f", e, h)
	}
}

func FuzzFleschKincaid(f *testing.F) {
	for _, s := range []string{"", "The cat sat on the mat.", "Dr. Zoë Ångström-Nuñez!\n\n- one\n- two", "...", "a\x00b", "ééé ïï 😀 e.g. i.e."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := FleschKincaidGrade(s)
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Fatalf("grade of %q = %v", s, g)
		}
		st := Stats(s)
		if st.Words > 0 && (st.Sentences < 1 || st.Syllables < st.Words) {
			t.Fatalf("Stats(%q) = %+v: every word has a syllable and belongs to a sentence", s, st)
		}
		if st.Words > len(strings.Fields(s)) {
			t.Fatalf("Stats(%q) = %+v: more words than tokens", s, st)
		}
		if utf8.ValidString(s) && st.Words == 0 && g != 0 {
			t.Fatalf("grade of wordless %q = %v", s, g)
		}
	})
}
