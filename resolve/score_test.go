package resolve

import (
	"math"
	"testing"
)

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"john", "john", 2, 0},
		{"john", "jonh", 2, 1}, // transposition is one edit
		{"smith", "smyth", 2, 1},
		{"anna", "ana", 2, 1},
		{"michael", "micheal", 2, 1},
		{"katherine", "catherine", 2, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // stops above limit
		{"", "abc", 5, 3},
		{"zoë", "zoe", 2, 1}, // runes, not bytes
		{"ca", "abc", 5, 3},  // OSA, not unrestricted Damerau (which says 2)
	}
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
		if got := osaDistance(tt.b, tt.a, tt.limit); got != tt.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d (symmetry)", tt.b, tt.a, tt.limit, got, tt.want)
		}
	}
}

func TestNameScore(t *testing.T) {
	const (
		match = true
		no    = false
	)
	tests := []struct {
		why       string
		sender    string
		candidate string
		want      bool
	}{
		{"identical", "Zoe Angstrom", "Zoe Angstrom", match},
		{"diacritics", "Zoe Angstrom", "Zoë Ångström", match},
		{"diacritics José", "Jose Garcia", "José García", match},
		{"Polish Ł", "Lukasz Nowak", "Łukasz Nowak", match},
		{"case", "ZOË ÅNGSTRÖM", "zoë ångström", match},
		{"order", "Nowak Łukasz", "Łukasz Nowak", match},
		{"surname first with comma", "Nowak, Lukasz", "Łukasz Nowak", match},
		{"punctuation", "Katherine O'Brien", "Katherine OBrien", match},
		{"middle initial on sender", "Mary J. Blige", "Mary Blige", match},
		{"middle name on candidate", "Mary Blige", "Mary Jane Blige", match},
		{"initial for middle name", "Mary J Blige", "Mary Jane Blige", match},
		{"title and suffix", "Dr. Robert Smith Jr.", "Robert Smith", match},
		{"nickname Bob", "Bob Smith", "Robert Smith", match},
		{"nickname Bill", "Bill Gates", "William Gates", match},
		{"nickname Liz", "Liz Taylor", "Elizabeth Taylor", match},
		{"nickname Beth", "Beth Taylor", "Elizabeth Taylor", match},
		{"nickname Katie", "Katie O'Brien", "Catherine O'Brien", match},
		{"nickname Peggy", "Peggy Olson", "Margaret Olson", match},
		{"nickname to nickname", "Ted Kennedy", "Ed Kennedy", match},
		{"nickname Steve/Stephen", "Steve Martin", "Stephen Martin", match},
		{"typo transposed", "Jonh Smith", "John Smith", match},
		{"typo substituted", "Mary Smyth", "Mary Smith", match},
		{"typo in long name", "Zoe Angstrom", "Zoe Angstroem", match},
		{"typo Micheal", "Micheal Jordan", "Michael Jordan", match},
		{"particle missing", "Ludwig Beethoven", "Ludwig van Beethoven", match},
		{"nickname with typo", "Bob Smiht", "Robert Smith", match},
		{"nickname Chris to Christopher", "Chris Lee", "Christopher Lee", match},

		{"first name only", "Zoe", "Zoe Angstrom", no},
		{"Ana vs Anna Smith", "Ana", "Anna Smith", no},
		{"same first name only", "Zoe Smith", "Zoe Angstrom", no},
		{"same surname only", "Max Angstrom", "Zoe Angstrom", no},
		{"initial and surname", "J. Smith", "John Smith", no},
		{"different middle names", "Mary Ann Smith", "Mary Beth Smith", no},
		{"different middle initials", "Mary A. Smith", "Mary B. Smith", no},
		{"double surname differs", "Maria Garcia Lopez", "Maria Garcia Perez", no},
		{"short names one letter apart", "Jon Smith", "Jan Smith", no},
		{"Tom and Tim", "Tom Jones", "Tim Jones", no},
		{"Christopher is not Christine", "Christopher Lee", "Christine Lee", no},
		{"two typos", "Jonh Smiht", "John Smith", no},
		{"single-word candidate", "Cher Sarkisian", "Cher", no},
		{"empty", "", "Zoe Angstrom", no},
		{"unrelated", "Harry Potter", "Zoe Angstrom", no},
	}
	for _, tt := range tests {
		got := NameScore(tt.sender, tt.candidate)
		if got < 0 || got > 1 || math.IsNaN(got) {
			t.Errorf("%s: NameScore(%q, %q) = %v, want in [0, 1]", tt.why, tt.sender, tt.candidate, got)
		}
		if (got >= Threshold) != tt.want {
			t.Errorf("%s: NameScore(%q, %q) = %.3f, want match %v (threshold %.2f)", tt.why, tt.sender, tt.candidate, got, tt.want, Threshold)
		}
		// The score is asymmetric (a word only the sender gives costs
		// more), but none of these cases is that close to the threshold.
		if back := NameScore(tt.candidate, tt.sender); (back >= Threshold) != tt.want {
			t.Errorf("%s: NameScore(%q, %q) = %.3f the other way round, want match %v", tt.why, tt.candidate, tt.sender, back, tt.want)
		}
	}
}

// Stronger evidence scores higher: the ordering the confidence promises.
func TestNameScoreOrdering(t *testing.T) {
	type pair struct{ sender, candidate string }
	ladder := []pair{
		{"Robert Smith", "Robert Smith"},         // identical
		{"Robert J. Smith", "Robert Smith"},      // an extra initial
		{"Robert Smith", "Robert Anthony Smith"}, // a middle name the sender left out
		{"Bob Smith", "Robert Smith"},            // nickname
		{"Robert Smtih", "Robert Smith"},         // typo
		{"Robert Anthony Smith", "Robert Smith"}, // a word the roster lacks
		{"Bob Smiht", "Robert Smith"},            // nickname and typo
	}
	for i := 1; i < len(ladder); i++ {
		hi, lo := ladder[i-1], ladder[i]
		if a, b := NameScore(hi.sender, hi.candidate), NameScore(lo.sender, lo.candidate); a <= b {
			t.Errorf("NameScore(%q, %q) = %.3f, want more than NameScore(%q, %q) = %.3f", hi.sender, hi.candidate, a, lo.sender, lo.candidate, b)
		}
	}
	if got := NameScore("Robert Smith", "Robert Smith"); got != nameCeiling {
		t.Errorf("NameScore of identical names = %.3f, want %.3f (names never reach an identifier's 1.0)", got, nameCeiling)
	}
	// A candidate matching every word, one with a typo, beats one
	// missing a word.
	full, short := NameScore("Zoe Angstrom Lindqvsit", "Zoë Ångström-Lindqvist"), NameScore("Zoe Angstrom Lindqvsit", "Zoë Ångström")
	if full <= short {
		t.Errorf("NameScore with a typo in the third word = %.3f, want more than without the word = %.3f", full, short)
	}
}
