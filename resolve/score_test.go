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
		if back := NameScore(tt.candidate, tt.sender); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: NameScore is not symmetric: %.3f one way, %.3f the other", tt.why, got, back)
		}
	}
}

// Stronger evidence scores higher: the ordering the confidence promises.
func TestNameScoreOrdering(t *testing.T) {
	candidate := "Robert Smith"
	ladder := []string{
		"Robert Smith",         // identical
		"Robert J. Smith",      // an extra initial
		"Bob Smith",            // nickname
		"Robert Smtih",         // typo
		"Bob Smiht",            // nickname and typo
		"Robert Anthony Smith", // ... a middle name is a little cheaper than the typo
	}
	scores := map[string]float64{}
	for _, s := range ladder {
		scores[s] = NameScore(s, candidate)
	}
	order := [][2]string{
		{"Robert Smith", "Robert J. Smith"},
		{"Robert J. Smith", "Bob Smith"},
		{"Bob Smith", "Robert Smtih"},
		{"Robert Smtih", "Bob Smiht"},
		{"Robert Anthony Smith", "Robert Smtih"},
	}
	for _, o := range order {
		if scores[o[0]] <= scores[o[1]] {
			t.Errorf("NameScore(%q) = %.3f, want more than NameScore(%q) = %.3f", o[0], scores[o[0]], o[1], scores[o[1]])
		}
	}
	if got := scores["Robert Smith"]; got != nameCeiling {
		t.Errorf("NameScore of identical names = %.3f, want %.3f (names never reach an identifier's 1.0)", got, nameCeiling)
	}
}
