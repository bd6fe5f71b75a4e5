package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

func ids(kv ...string) []framekeeper.Identity {
	var out []framekeeper.Identity
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, framekeeper.Identity{Kind: framekeeper.IdentityKind(kv[i]), Value: kv[i+1]})
	}
	return out
}

// roster is the fixture: identities written the many ways people write them.
func roster() []framekeeper.Client {
	return []framekeeper.Client{
		{ID: "c01", Name: "Zoë Ångström", Status: "current",
			Identities: ids("email", "Zoe.A@example.com", "phone", "+1 415 555 0134", "instagram", "@ZoeA"),
			Associates: []framekeeper.Associate{{Name: "Max Ångström", Relation: "brother", Identities: ids("phone", "(415) 555-0199")}}},
		{ID: "c02", Name: "Łukasz Nowak", Status: "former",
			Identities: ids("email", "Lukasz.Nowak@gmail.com", "x", "https://twitter.com/LNowak")},
		{ID: "c03", Name: "José García", Status: "prospective",
			Identities: ids("phone", "(212) 555-0100", "facebook", "jose.garcia.77")},
		{ID: "c04", Name: "Maria Garcia", Status: "current"},
		{ID: "c05", Name: "Maria Garcia", Status: "former"},
		{ID: "c06", Name: "Robert Smith", Status: "current", Identities: ids("email", "bob@smith.example")},
		{ID: "c07", Name: "Mary Jane Blige", Status: "current"},
		{ID: "c08", Name: "Anna Smith", Status: "current"},
		{ID: "c09", Name: "Katherine O'Brien", Status: "former", Identities: ids("linkedin", "katherine-obrien")},
		{ID: "c10", Name: "Elizabeth Taylor", Status: "current",
			Associates: []framekeeper.Associate{{Name: "Richard Burton", Relation: "husband", Identities: ids("phone", "+1 617 555 0123")}}},
		{ID: "c11", Name: "Sybil Williams", Status: "current",
			Associates: []framekeeper.Associate{{Name: "Kate Burton", Relation: "daughter", Identities: ids("phone", "617-555-0123")}}},
		{ID: "c12", Name: "Christopher Lee", Status: "current"},
		{ID: "c13", Name: "Christine Lee", Status: "former"},
		{ID: "c15", Name: "Tom Hanks", Status: "current", Identities: ids("phone", "+1 310 555 0111")},
		{ID: "c16", Name: "Colin Hanks", Status: "former",
			Associates: []framekeeper.Associate{{Name: "Tom Hanks", Relation: "father", Identities: ids("phone", "310 555 0111")}}},
		{ID: "c17", Name: "Mike Johnson", Status: "prospective", Identities: ids("linkedin", "mike-johnson-42", "email", "mj@work.example")},
		{ID: "c18", Name: "Samantha Reyes", Status: "current", Identities: ids("email", "sam.reyes@example.org")},
		// Two clients who share a family email: both are on the roster
		// with it (as a gmail variant each, which the unique constraint
		// on stored values does not catch).
		{ID: "c19", Name: "Ann Park", Status: "current", Identities: ids("email", "park.family@gmail.com")},
		{ID: "c20", Name: "David Park", Status: "former", Identities: ids("email", "parkfamily@gmail.com")},
		{ID: "c21", Name: "Giulia Rossi", Status: "current",
			Associates: []framekeeper.Associate{{Name: "Marco Rossi", Relation: "husband"}}},
		{ID: "c22", Name: "Marco Rossi", Status: "former"},
		{ID: "c23", Name: "Wei Chen", Status: "current",
			Associates: []framekeeper.Associate{{Name: "Lin Chen", Relation: "mother", Identities: ids("phone", "+1 646 555 0177")}}},
		{ID: "c24", Name: "Jun Chen", Status: "current",
			Associates: []framekeeper.Associate{{Name: "Lin Chen", Relation: "mother", Identities: ids("phone", "+1 (646) 555-0177")}}},
	}
}

func want(id string, rel triage.Relationship, m triage.Match, conf float64) triage.SenderResult {
	return triage.SenderResult{ClientID: id, Relationship: rel, Match: m, Confidence: conf}
}

var unknown = triage.SenderResult{Relationship: triage.Unknown, Match: triage.MatchNone}

func TestResolveExact(t *testing.T) {
	ix := NewIndex(roster())
	tests := []struct {
		why  string
		in   triage.Sender
		want triage.SenderResult
	}{
		{"email, other case", triage.Sender{Email: "ZOE.A@EXAMPLE.COM"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"email with display name", triage.Sender{Email: "Zoe <zoe.a@example.com>"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"gmail dots and +tag", triage.Sender{Email: "lukasznowak+therapy@gmail.com"}, want("c02", triage.Former, triage.MatchExact, 1)},
		{"googlemail", triage.Sender{Email: "Lukasz.Nowak@googlemail.com"}, want("c02", triage.Former, triage.MatchExact, 1)},
		{"phone E.164", triage.Sender{Phone: "+14155550134"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"phone national with punctuation", triage.Sender{Phone: "(415) 555-0134"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"phone with country code and spaces", triage.Sender{Phone: "1 212 555 0100"}, want("c03", triage.Prospective, triage.MatchExact, 1)},
		{"phone dashes", triage.Sender{Phone: "212-555-0100"}, want("c03", triage.Prospective, triage.MatchExact, 1)},
		{"instagram handle with @", triage.Sender{Platform: "instagram", Handle: "@zoea"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"instagram handle URL", triage.Sender{Platform: "instagram", Handle: "https://www.instagram.com/ZoeA/?hl=en"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"platform from URL", triage.Sender{Handle: "https://x.com/lnowak"}, want("c02", triage.Former, triage.MatchExact, 1)},
		{"twitter is x", triage.Sender{Platform: "Twitter", Handle: "LNOWAK"}, want("c02", triage.Former, triage.MatchExact, 1)},
		{"linkedin URL", triage.Sender{Platform: "linkedin", Handle: "linkedin.com/in/mike-johnson-42/"}, want("c17", triage.Prospective, triage.MatchExact, 1)},
		{"facebook handle", triage.Sender{Platform: "facebook", Handle: "Jose.Garcia.77"}, want("c03", triage.Prospective, triage.MatchExact, 1)},
		{"relative's phone", triage.Sender{Phone: "415.555.0199"}, want("c01", triage.Relative, triage.MatchExact, 1)},
		{"relative's phone, name irrelevant", triage.Sender{Name: "Zoë Ångström", Phone: "+1 415 555 0199"}, want("c01", triage.Relative, triage.MatchExact, 1)},
		{"identifier beats a different name", triage.Sender{Name: "Someone Else", Email: "bob@smith.example"}, want("c06", triage.Current, triage.MatchExact, 1)},
		{"two identifiers, one person", triage.Sender{Email: "zoe.a@example.com", Phone: "4155550134", Platform: "instagram", Handle: "zoea"}, want("c01", triage.Current, triage.MatchExact, 1)},
		{"client's own phone over an associate's", triage.Sender{Phone: "(310) 555-0111"}, want("c15", triage.Current, triage.MatchExact, exactPreferred)},
		{"family phone on two clients' associates: lowest ID", triage.Sender{Phone: "617 555 0123"}, want("c10", triage.Relative, triage.MatchExact, exactArbitrary)},
		{"family phone, tie broken by name", triage.Sender{Name: "Kate Burton", Phone: "617 555 0123"}, want("c11", triage.Relative, triage.MatchExact, exactByName)},
		{"family phone, tie broken by nickname", triage.Sender{Name: "Katie Burton", Phone: "617 555 0123"}, want("c11", triage.Relative, triage.MatchExact, exactByName)},
		{"shared mother's phone, same name both: lowest ID", triage.Sender{Name: "Lin Chen", Phone: "646 555 0177"}, want("c23", triage.Relative, triage.MatchExact, exactArbitrary)},
		{"shared gmail mailbox on two clients", triage.Sender{Email: "park.family@gmail.com"}, want("c19", triage.Current, triage.MatchExact, exactArbitrary)},
		{"shared mailbox, name decides", triage.Sender{Name: "David Park", Email: "parkfamily@gmail.com"}, want("c20", triage.Former, triage.MatchExact, exactByName)},
		{"identifiers pointing at three people, one each: lowest ID", triage.Sender{Email: "parkfamily@gmail.com", Phone: "+1 415 555 0134"}, want("c01", triage.Current, triage.MatchExact, exactArbitrary)},
		{"more identifiers win: email and handle one client, phone another", triage.Sender{Email: "zoe.a@example.com", Phone: "212 555 0100", Platform: "instagram", Handle: "zoea"}, want("c01", triage.Current, triage.MatchExact, exactPreferred)},
	}
	for _, tt := range tests {
		if got := ix.Resolve(tt.in); got != tt.want {
			t.Errorf("%s: Resolve(%+v) = %+v, want %+v", tt.why, tt.in, got, tt.want)
		}
	}
}

func TestResolveExactNegatives(t *testing.T) {
	ix := NewIndex(roster())
	tests := []struct {
		why string
		in  triage.Sender
	}{
		{"handle on the wrong platform", triage.Sender{Platform: "x", Handle: "zoea"}},
		{"handle without platform", triage.Sender{Handle: "zoea"}},
		{"profile URL of another platform", triage.Sender{Platform: "instagram", Handle: "https://x.com/zoea"}},
		{"unknown platform", triage.Sender{Platform: "myspace", Handle: "zoea"}},
		{"plus-addressing is not folded outside gmail", triage.Sender{Email: "zoe.a+news@example.com"}},
		{"dots are not folded outside gmail", triage.Sender{Email: "zoea@example.com"}},
		{"gmail folding does not reach other domains", triage.Sender{Email: "lukasznowak@yahoo.com"}},
		{"other phone number", triage.Sender{Phone: "+1 415 555 0135"}},
		{"same digits, other country", triage.Sender{Phone: "+44 415 555 0134"}},
		{"garbage identifiers", triage.Sender{Email: "zoe.a at example", Phone: "n/a", Platform: "instagram", Handle: "   "}},
		{"nothing", triage.Sender{}},
	}
	for _, tt := range tests {
		if got := ix.Resolve(tt.in); got != unknown {
			t.Errorf("%s: Resolve(%+v) = %+v, want unknown", tt.why, tt.in, got)
		}
	}
}

func TestResolveFuzzy(t *testing.T) {
	ix := NewIndex(roster())
	tests := []struct {
		why      string
		in       triage.Sender
		wantID   string
		wantRel  triage.Relationship
		min, max float64 // confidence range
	}{
		{"diacritics folded", triage.Sender{Name: "Zoe Angstrom"}, "c01", triage.Current, 0.94, 0.95},
		{"order of names", triage.Sender{Name: "Nowak Łukasz"}, "c02", triage.Former, 0.94, 0.95},
		{"ascii for Ł", triage.Sender{Name: "lukasz nowak"}, "c02", triage.Former, 0.94, 0.95},
		{"José without accent", triage.Sender{Name: "JOSE GARCIA"}, "c03", triage.Prospective, 0.80, 0.95},
		{"nickname", triage.Sender{Name: "Bob Smith"}, "c06", triage.Current, 0.85, 0.93},
		{"middle initial", triage.Sender{Name: "Mary J. Blige"}, "c07", triage.Current, 0.90, 0.95},
		{"middle name dropped", triage.Sender{Name: "Mary Blige"}, "c07", triage.Current, 0.90, 0.95},
		{"nickname and apostrophe", triage.Sender{Name: "Katie OBrien"}, "c09", triage.Former, 0.85, 0.93},
		{"typo", triage.Sender{Name: "Katherine O'Brein"}, "c09", triage.Former, 0.85, 0.90},
		{"handle containing the name", triage.Sender{Platform: "instagram", Handle: "@zoe.angstrom88"}, "c01", triage.Current, 0.85, 0.91},
		{"camel-case handle", triage.Sender{Platform: "x", Handle: "ZoeAngstrom"}, "c01", triage.Current, 0.85, 0.91},
		{"email local part", triage.Sender{Email: "katherine.obrien@hotmail.com"}, "c09", triage.Former, 0.85, 0.91},
		{"email display name", triage.Sender{Email: "Mike Johnson <mike.j@other.example>"}, "c17", triage.Prospective, 0.90, 0.95},
		{"associate's name", triage.Sender{Name: "Max Angstrom"}, "c01", triage.Relative, 0.90, 0.95},
		{"associate's name with nickname", triage.Sender{Name: "Dick Burton"}, "c10", triage.Relative, 0.85, 0.93},
		{"Sam for Samantha", triage.Sender{Name: "Sam Reyes"}, "c18", triage.Current, 0.85, 0.93},
		{"Chris Lee: Christopher and Christine tie", triage.Sender{Name: "Chris Lee"}, "", triage.Unknown, 0, 0},
		{"client and another client's associate: the client, less sure", triage.Sender{Name: "Marco Rossi"}, "c22", triage.Former, 0.80, 0.90},
		{"a name on two clients' associates ties", triage.Sender{Name: "Lin Chen"}, "", triage.Unknown, 0, 0},
	}
	for _, tt := range tests {
		got := ix.Resolve(tt.in)
		if got.ClientID != tt.wantID || got.Relationship != tt.wantRel {
			t.Errorf("%s: Resolve(%+v) = %+v, want %s %s", tt.why, tt.in, got, tt.wantID, tt.wantRel)
			continue
		}
		wantMatch := triage.MatchFuzzy
		if tt.wantID == "" {
			wantMatch = triage.MatchNone
		}
		if got.Match != wantMatch {
			t.Errorf("%s: Resolve(%+v).Match = %s, want %s", tt.why, tt.in, got.Match, wantMatch)
		}
		if got.Confidence < tt.min || got.Confidence > tt.max {
			t.Errorf("%s: Resolve(%+v).Confidence = %.3f, want in [%.2f, %.2f]", tt.why, tt.in, got.Confidence, tt.min, tt.max)
		}
	}
}

func TestResolveFuzzyNegatives(t *testing.T) {
	ix := NewIndex(roster())
	tests := []struct {
		why string
		in  triage.Sender
	}{
		{"first name only", triage.Sender{Name: "Zoë"}},
		{"same first name only", triage.Sender{Name: "Zoë Smith"}},
		{"Ana vs Anna Smith", triage.Sender{Name: "Ana"}},
		{"two clients both named Maria Garcia", triage.Sender{Name: "Maria Garcia"}},
		{"initial and surname", triage.Sender{Name: "R. Smith"}},
		{"surname only", triage.Sender{Name: "Mr Angstrom"}},
		{"different middle name", triage.Sender{Name: "Mary Ann Blige"}},
		{"Christine is not Christopher", triage.Sender{Name: "Christina Leigh"}},
		{"handle with a first name only", triage.Sender{Platform: "instagram", Handle: "zoe_88"}},
		{"generic email", triage.Sender{Email: "info@practice.example"}},
		{"stranger", triage.Sender{Name: "Harriet Vane", Email: "hv@oxford.example"}},
	}
	for _, tt := range tests {
		if got := ix.Resolve(tt.in); got != unknown {
			t.Errorf("%s: Resolve(%+v) = %+v, want unknown", tt.why, tt.in, got)
		}
	}
}

// A close second candidate lowers the confidence of the first.
func TestResolveAmbiguityLowersConfidence(t *testing.T) {
	alone := NewIndex([]framekeeper.Client{{ID: "a", Name: "Maria Garcia", Status: "current"}})
	crowded := NewIndex([]framekeeper.Client{
		{ID: "a", Name: "Maria Garcia", Status: "current"},
		{ID: "b", Name: "Maria Garcia Lopez", Status: "current"},
	})
	s := triage.Sender{Name: "Maria Garcia"}
	a, c := alone.Resolve(s), crowded.Resolve(s)
	if a.ClientID != "a" || c.ClientID != "a" {
		t.Fatalf("Resolve = %+v alone and %+v crowded, want client a both times", a, c)
	}
	if c.Confidence >= a.Confidence {
		t.Errorf("confidence with a namesake = %.3f, want less than %.3f alone", c.Confidence, a.Confidence)
	}
}

// The roster's order must not change any answer.
func TestResolveDeterministic(t *testing.T) {
	r := roster()
	rev := slices.Clone(r)
	slices.Reverse(rev)
	a, b := NewIndex(r), NewIndex(rev)
	senders := []triage.Sender{
		{Phone: "617 555 0123"}, {Email: "park.family@gmail.com"}, {Name: "Marco Rossi"},
		{Name: "Lin Chen", Phone: "646 555 0177"}, {Name: "Maria Garcia"}, {Name: "Bob Smith"},
	}
	for _, s := range senders {
		if x, y := a.Resolve(s), b.Resolve(s); x != y {
			t.Errorf("Resolve(%+v) = %+v on the roster, %+v on it reversed", s, x, y)
		}
	}
}

// dbSource imitates what a database does with the stored keys, written
// independently of Index: a scan of (person, key) rows.
type dbSource struct {
	people []Candidate
	idRows []struct {
		kind   framekeeper.IdentityKind
		key    string
		person int
	}
	nameRows []struct {
		key    string
		person int
	}
	calls int
	rows  int // candidates returned by ByNameTokens
}

func newDBSource(clients []framekeeper.Client) *dbSource {
	db := &dbSource{}
	add := func(c Candidate, name string, idents []framekeeper.Identity) {
		p := len(db.people)
		db.people = append(db.people, c)
		for _, id := range idents {
			if k, err := IdentityKey(id.Kind, id.Value); err == nil {
				db.idRows = append(db.idRows, struct {
					kind   framekeeper.IdentityKind
					key    string
					person int
				}{id.Kind, k, p})
			}
		}
		for _, k := range NameKeys(name) {
			db.nameRows = append(db.nameRows, struct {
				key    string
				person int
			}{k, p})
		}
	}
	for _, c := range clients {
		add(Candidate{ClientID: c.ID, Name: c.Name, Status: c.Status}, c.Name, c.Identities)
		for _, a := range c.Associates {
			add(Candidate{ClientID: c.ID, Name: c.Name, Status: c.Status, AssociateName: a.Name, IsAssociate: true}, a.Name, a.Identities)
		}
	}
	return db
}

func (db *dbSource) ByIdentity(_ context.Context, kind framekeeper.IdentityKind, value string) ([]Candidate, error) {
	db.calls++
	var out []Candidate
	for _, r := range db.idRows {
		if r.kind == kind && r.key == value {
			out = append(out, db.people[r.person])
		}
	}
	return out, nil
}

// ByNameTokens: SELECT person, count(*) n … GROUP BY person ORDER BY n DESC, client_id LIMIT ?
func (db *dbSource) ByNameTokens(_ context.Context, tokens []string, limit int) ([]Candidate, error) {
	db.calls++
	n := map[int]int{}
	for _, r := range db.nameRows {
		if slices.Contains(tokens, r.key) {
			n[r.person]++
		}
	}
	var ps []int
	for p := range n {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b int) int {
		return cmp.Or(n[b]-n[a], cmp.Compare(db.people[a].ClientID, db.people[b].ClientID), a-b)
	})
	var out []Candidate
	for _, p := range ps[:min(limit, len(ps))] {
		out = append(out, db.people[p])
	}
	db.rows += len(out)
	return out, nil
}

func TestResolverOverSourceAgreesWithIndex(t *testing.T) {
	ix := NewIndex(roster())
	db := newDBSource(roster())
	r := NewResolver(db)
	senders := []triage.Sender{
		{Email: "ZOE.A@EXAMPLE.COM"}, {Email: "lukasznowak+x@gmail.com"}, {Phone: "415.555.0199"},
		{Phone: "617 555 0123"}, {Name: "Kate Burton", Phone: "617 555 0123"}, {Platform: "x", Handle: "zoea"},
		{Name: "Zoe Angstrom"}, {Name: "Nowak Lukasz"}, {Name: "Bob Smith"}, {Name: "Maria Garcia"},
		{Name: "Katherine O'Brein"}, {Platform: "instagram", Handle: "@zoe.angstrom88"}, {Name: "Marco Rossi"},
		{Name: "Zoë"}, {Name: "Chris Lee"}, {Name: "Dick Burton"},
	}
	for _, s := range senders {
		got, err := r.Resolve(context.Background(), s)
		if err != nil {
			t.Fatalf("Resolve(%+v): %v", s, err)
		}
		if w := ix.Resolve(s); got != w {
			t.Errorf("Resolver over a database-like Source: Resolve(%+v) = %+v, Index says %+v", s, got, w)
		}
	}
	if db.calls == 0 {
		t.Error("the Source was never asked")
	}
}

// A common name on a large roster: namesakes, people with a middle initial
// or a double-barrelled name, one with a typo. The Resolver's shortcut for
// a tie among exact namesakes must give the Index's answers, and read only
// a few candidates when the sender has namesakes.
func TestResolverNamesakesAgreeWithIndex(t *testing.T) {
	var clients []framekeeper.Client
	add := func(name string, n int) {
		for range n {
			clients = append(clients, framekeeper.Client{ID: fmt.Sprintf("c%03d", len(clients)), Name: name, Status: "current"})
		}
	}
	add("Aisha B. Morgan", 6) // sort first: the shortcut's probe sees them before any namesake
	add("Aisha Morgan", 2)
	add("Aisha Morgan-Lee", 1)
	add("Aisha Morgen", 1)
	add("Carol Watson", 50)
	add("Carol Watson-Brooks", 1)
	add("Dorothy Q. Reyes", 3)
	add("Dorothy Reyes", 1)
	ix := NewIndex(clients)
	db := newDBSource(clients)
	r := NewResolver(db)
	for _, name := range []string{"Aisha Morgan", "Aisha B. Morgan", "Aisha Morgan-Lee", "Aisha Morgen", "Aisha Morgam",
		"Carol Watson", "Carol Watson-Brooks", "Carol Watsn", "Dorothy Reyes", "Dorothy Q. Reyes", "Dot Reyes"} {
		s := triage.Sender{Name: name}
		db.rows = 0
		got, err := r.Resolve(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if w := ix.Resolve(s); got != w {
			t.Errorf("Resolve(%q) = %+v, Index says %+v", name, got, w)
		}
		if name == "Carol Watson" {
			if got.ClientID != "" {
				t.Errorf("Resolve(%q) = %+v, want unknown (fifty namesakes)", name, got)
			}
			if db.rows > 8 {
				t.Errorf("Resolve(%q) read %d candidates; with fifty namesakes a few show the tie", name, db.rows)
			}
		}
	}
}

type failingSource struct{ err error }

func (f failingSource) ByIdentity(context.Context, framekeeper.IdentityKind, string) ([]Candidate, error) {
	return nil, f.err
}

func (f failingSource) ByNameTokens(context.Context, []string, int) ([]Candidate, error) {
	return nil, f.err
}

func TestResolverReturnsSourceErrors(t *testing.T) {
	boom := errors.New("database is down")
	r := NewResolver(failingSource{boom})
	for _, s := range []triage.Sender{{Email: "zoe.a@example.com"}, {Name: "Zoe Angstrom"}} {
		if _, err := r.Resolve(context.Background(), s); !errors.Is(err, boom) {
			t.Errorf("Resolve(%+v) error = %v, want %v", s, err, boom)
		}
	}
}

func TestIndexByNameTokensLimitAndOrder(t *testing.T) {
	var clients []framekeeper.Client
	for _, id := range []string{"e", "d", "c", "b", "a"} {
		clients = append(clients, framekeeper.Client{ID: id, Name: "Jane Dorsay", Status: "current"})
	}
	clients = append(clients, framekeeper.Client{ID: "z", Name: "Jane Dorsey", Status: "current"},
		framekeeper.Client{ID: "y", Name: "Pat Dorsey", Status: "current"})
	ix := NewIndex(clients)
	got, _ := ix.ByNameTokens(context.Background(), NameKeys("Jane Dorsey"), 3)
	var gotIDs []string
	for _, c := range got {
		gotIDs = append(gotIDs, c.ClientID)
	}
	// Jane Dorsey shares every key; the Jane Dorsays (one typo) tie and
	// come in ClientID order; Pat Dorsey shares none (one word is no match).
	if want := []string{"z", "a", "b"}; !slices.Equal(gotIDs, want) {
		t.Errorf("ByNameTokens(Jane Dorsey, 3) = %q, want %q", gotIDs, want)
	}
	if got, _ := ix.ByNameTokens(context.Background(), []string{"nobody"}, 3); len(got) != 0 {
		t.Errorf("ByNameTokens(nobody) = %+v, want none", got)
	}
}

// The index is shared by goroutines; its pooled counters must not leak
// between them (run with -race).
func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex(roster())
	senders := []triage.Sender{{Name: "Zoe Angstrom"}, {Name: "Bob Smith"}, {Name: "Maria Garcia"}, {Phone: "617 555 0123"}, {Name: "Dick Burton"}}
	want := make([]triage.SenderResult, len(senders))
	for i, s := range senders {
		want[i] = ix.Resolve(s)
	}
	errs := make(chan string, 8*len(senders))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for i, s := range senders {
					if got := ix.Resolve(s); got != want[i] {
						errs <- fmt.Sprintf("Resolve(%+v) = %+v concurrently, %+v alone", s, got, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
