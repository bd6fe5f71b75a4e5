package resolve

import (
	"slices"
	"testing"

	"github.com/framekeeper/framekeeper"
)

func TestIdentityKey(t *testing.T) {
	tests := []struct {
		kind  framekeeper.IdentityKind
		in    string
		want  string
		isErr bool
	}{
		// Email: case-folded; Gmail dots and +tags only for Gmail.
		{"email", "Zoe.A@Example.COM", "zoe.a@example.com", false},
		{"email", "  zoe.a@example.com ", "zoe.a@example.com", false},
		{"email", "Zoë Ångström <zoe.a@example.com>", "zoe.a@example.com", false},
		{"email", "Lukasz.Nowak+therapy@gmail.com", "lukasznowak@gmail.com", false},
		{"email", "l.u.k.a.s.z.nowak@googlemail.com", "lukasznowak@gmail.com", false},
		{"email", "LukaszNowak@GMAIL.com", "lukasznowak@gmail.com", false},
		{"email", "zoe.a+news@example.com", "zoe.a+news@example.com", false},
		{"email", "first.last@outlook.com", "first.last@outlook.com", false},
		{"email", "not an address", "", true},
		{"email", "", "", true},
		// Phone: E.164, with or without country code and punctuation.
		{"phone", "+1 415 555 0134", "+14155550134", false},
		{"phone", "(415) 555-0134", "+14155550134", false},
		{"phone", "415.555.0134", "+14155550134", false},
		{"phone", "415-555-0134", "+14155550134", false},
		{"phone", "1 415 555 0134", "+14155550134", false},
		{"phone", "+1-415-555-0134", "+14155550134", false},
		{"phone", "+44 20 7946 0958", "+442079460958", false},
		{"phone", "+48 601 234 567", "+48601234567", false},
		{"phone", "12", "", true},
		{"phone", "call me", "", true},
		// Handles: case-insensitive, with or without @, profile URLs.
		{"instagram", "@ZoeA", "zoea", false},
		{"instagram", "zoea", "zoea", false},
		{"instagram", "https://www.instagram.com/zoea/", "zoea", false},
		{"instagram", "https://instagram.com/zoea/?hl=en", "zoea", false},
		{"instagram", "instagram.com/zoea#top", "zoea", false},
		{"x", "https://twitter.com/LNowak", "lnowak", false},
		{"x", "https://x.com/@lnowak", "lnowak", false},
		{"x", "https://mobile.twitter.com/lnowak", "lnowak", false},
		{"linkedin", "https://www.linkedin.com/in/Mike-Johnson-42/", "mike-johnson-42", false},
		{"facebook", "https://m.facebook.com/jose.garcia.77", "jose.garcia.77", false},
		{"facebook", "https://www.facebook.com/profile.php?id=100012345&ref=bookmarks", "profile.php?id=100012345", false},
		{"facebook", "two words", "", true},
		{"myspace", "tom", "", true},
	}
	for _, tt := range tests {
		got, err := IdentityKey(tt.kind, tt.in)
		if (err != nil) != tt.isErr {
			t.Errorf("IdentityKey(%s, %q) error = %v, want error %v", tt.kind, tt.in, err, tt.isErr)
			continue
		}
		if got != tt.want {
			t.Errorf("IdentityKey(%s, %q) = %q, want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in    string
		camel bool
		want  []string
	}{
		{"Zoë Ångström", false, []string{"zoe", "angstrom"}},
		{"José García", false, []string{"jose", "garcia"}},
		{"Jose\u0301 Garci\u0301a", false, []string{"jose", "garcia"}}, // decomposed accents
		{"Łukasz Nowak", false, []string{"lukasz", "nowak"}},
		{"Nguyễn Thị Minh Khai", false, []string{"nguyen", "thi", "minh", "khai"}},
		{"Şebnem Ferah", false, []string{"sebnem", "ferah"}},
		{"Ștefan Țurcanu", false, []string{"stefan", "turcanu"}},
		{"Björk Guðmundsdóttir", false, []string{"bjork", "gudmundsdottir"}},
		{"Strauß", false, []string{"strauss"}},
		{"O'Brien, Katherine", false, []string{"obrien", "katherine"}},
		{"D’Angelo", false, []string{"dangelo"}},
		{"Mary-Jane  Watson", false, []string{"mary", "jane", "watson"}},
		{"MARY J. BLIGE", false, []string{"mary", "j", "blige"}},
		{"zoe.angstrom88", true, []string{"zoe", "angstrom"}},
		{"ZoeAngstrom", true, []string{"zoe", "angstrom"}},
		{"McDonald", false, []string{"mcdonald"}},
		{"Иван Петров", false, []string{"иван", "петров"}},
		{"", false, nil},
		{"!!! 123", false, nil},
	}
	for _, tt := range tests {
		if got := words(tt.in, tt.camel); !slices.Equal(got, tt.want) {
			t.Errorf("words(%q, %v) = %q, want %q", tt.in, tt.camel, got, tt.want)
		}
	}
}

func TestParseNameKinds(t *testing.T) {
	p := parseName("Dr. Ludwig van Beethoven Jr., J.", false)
	var got []string
	for _, tok := range p.toks {
		got = append(got, tok.raw+":"+[]string{"full", "initial", "minor"}[tok.kind])
	}
	want := []string{"ludwig:full", "van:minor", "beethoven:full", "j:initial"}
	if !slices.Equal(got, want) {
		t.Errorf("parseName tokens = %q, want %q", got, want)
	}
	if p.full != 2 {
		t.Errorf("parseName full = %d, want 2", p.full)
	}
}

func TestNameKeys(t *testing.T) {
	tests := []struct {
		name     string
		has      []string
		hasNot   []string
		sameAsIn string // a name that must have the same keys
	}{
		{name: "Zoë Ångström", has: []string{"zoe angstrom", "zoe angstrm", "angstrom zoe"}, sameAsIn: "ANGSTROM, Zoe"},
		{name: "Łukasz Nowak", has: []string{"lukasz nowak", "nowak lukasz", "lukasz nwak"}, sameAsIn: "Nowak Łukasz"},
		{name: "Bob Smith", has: []string{"robert smith", "robert smth", "smith robert", "smith rbert"}, hasNot: []string{"bob smith", "smith bob", "rbert smith"}, sameAsIn: "Robert Smith"},
		{name: "Chris Lee", has: []string{"christopher lee", "christine lee", "lee christopher"}, hasNot: []string{"chris lee", "christopher le"}},
		{name: "Mary J. Blige", has: []string{"mary blige", "blige mary"}, hasNot: []string{"mary j", "j mary"}, sameAsIn: "Mary Blige"},
		{name: "Ludwig van Beethoven", hasNot: []string{"ludwig van"}, sameAsIn: "Ludwig Beethoven"},
		{name: "Katie O'Brien", has: []string{"katherine obrien", "obrien katherine"}, sameAsIn: "Catherine O’Brien"},
		{name: "Ms. Jo Ng", has: []string{"joanne ng", "josephine ng", "ng joanne"}, hasNot: []string{"ms ng"}},
		// One word is never a match, so it has no keys.
		{name: "Madonna", sameAsIn: "M. Madonna"},
	}
	for _, tt := range tests {
		keys := NameKeys(tt.name)
		if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
			t.Errorf("NameKeys(%q) = %q, want sorted and distinct", tt.name, keys)
		}
		for _, k := range tt.has {
			if !slices.Contains(keys, k) {
				t.Errorf("NameKeys(%q) = %q, missing %q", tt.name, keys, k)
			}
		}
		for _, k := range tt.hasNot {
			if slices.Contains(keys, k) {
				t.Errorf("NameKeys(%q) = %q, should not contain %q", tt.name, keys, k)
			}
		}
		if tt.sameAsIn != "" {
			if other := NameKeys(tt.sameAsIn); !slices.Equal(keys, other) {
				t.Errorf("NameKeys(%q) = %q, want the keys of %q = %q", tt.name, keys, tt.sameAsIn, other)
			}
		}
	}
	if keys := NameKeys("Madonna"); len(keys) != 0 {
		t.Errorf("NameKeys(Madonna) = %q, want none", keys)
	}
	// A word with one typo beside a word that matches still shares a key
	// with the right name (symmetric deletion): the database path needs it
	// to find candidates.
	for _, p := range [][2]string{{"Jonh", "John"}, {"Micheal", "Michael"}, {"Angstroem", "Angstrom"}, {"Smyth", "Smith"}, {"Robrt", "Bob"}, {"Ana", "Anna"}} {
		a, b := NameKeys(p[0]+" Xavier"), NameKeys("Xavier "+p[1])
		shared := 0
		for _, k := range a {
			if slices.Contains(b, k) {
				shared++
			}
		}
		if shared == 0 {
			t.Errorf("NameKeys(%q) = %q and NameKeys(%q) = %q share no key", p[0], a, p[1], b)
		}
	}
}

func TestNicknameTable(t *testing.T) {
	pairs := 0
	for _, e := range nicknameTable {
		pairs += len(words(e.variants, false))
		if got := canonical(e.name); !slices.Contains(got, e.name) {
			t.Errorf("canonical(%q) = %q, want it to contain itself", e.name, got)
		}
		for _, w := range words(e.variants+" "+e.name, false) {
			if w2 := words(w, false); len(w2) != 1 || w2[0] != w {
				t.Errorf("table entry %q is not a folded token", w)
			}
		}
	}
	if pairs < 60 {
		t.Errorf("nickname table has %d pairs, want at least 60", pairs)
	}
	tests := []struct {
		tok  string
		want []string
	}{
		{"bob", []string{"robert"}},
		{"bill", []string{"william"}},
		{"peggy", []string{"margaret"}},
		{"chris", []string{"christian", "christine", "christopher"}},
		{"ted", []string{"edward", "theodore"}},
		{"catherine", []string{"katherine"}},
		{"stephen", []string{"steven"}},
		{"zoe", []string{"zoe"}},
	}
	for _, tt := range tests {
		if got := canonical(tt.tok); !slices.Equal(got, tt.want) {
			t.Errorf("canonical(%q) = %q, want %q", tt.tok, got, tt.want)
		}
	}
}
