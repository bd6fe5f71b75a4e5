package resolve

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

var fuzzIndex = sync.OnceValue(func() *Index { return NewIndex(roster()) })

// handleKinds says which platform a sender's handle can match, written
// independently of the resolver's own mapping.
func handleKinds(s triage.Sender) []framekeeper.IdentityKind {
	h := strings.ToLower(s.Handle)
	var out []framekeeper.IdentityKind
	for _, p := range []struct {
		host string
		kind framekeeper.IdentityKind
	}{{"facebook.com/", "facebook"}, {"fb.com/", "facebook"}, {"instagram.com/", "instagram"}, {"x.com/", "x"}, {"twitter.com/", "x"}, {"linkedin.com/in/", "linkedin"}} {
		// A profile URL says its platform; the key must still match.
		if strings.Contains(h, p.host) {
			out = append(out, p.kind)
		}
	}
	if len(out) > 0 {
		return out
	}
	switch strings.ToLower(strings.TrimSpace(s.Platform)) {
	case "facebook", "fb":
		return []framekeeper.IdentityKind{"facebook"}
	case "instagram", "ig":
		return []framekeeper.IdentityKind{"instagram"}
	case "x", "twitter":
		return []framekeeper.IdentityKind{"x"}
	case "linkedin":
		return []framekeeper.IdentityKind{"linkedin"}
	}
	return nil
}

// identifierMatches reports whether one of the sender's identifiers is, once
// normalised, an identity of the client (or, with assoc, of one of the
// client's associates).
func identifierMatches(s triage.Sender, clientID string, assoc bool) bool {
	type kv struct {
		kind  framekeeper.IdentityKind
		value string
	}
	var mine []kv
	if k, err := IdentityKey("email", s.Email); err == nil {
		mine = append(mine, kv{"email", k})
	}
	if k, err := IdentityKey("phone", s.Phone); err == nil {
		mine = append(mine, kv{"phone", k})
	}
	for _, kind := range handleKinds(s) {
		if k, err := IdentityKey(kind, s.Handle); err == nil {
			mine = append(mine, kv{kind, k})
		}
	}
	for _, c := range roster() {
		if c.ID != clientID {
			continue
		}
		var theirs []framekeeper.Identity
		if assoc {
			for _, a := range c.Associates {
				theirs = append(theirs, a.Identities...)
			}
		} else {
			theirs = c.Identities
		}
		for _, id := range theirs {
			k, err := IdentityKey(id.Kind, id.Value)
			if err == nil && slices.Contains(mine, kv{id.Kind, k}) {
				return true
			}
		}
	}
	return false
}

func statusOf(clientID string) (framekeeper.ClientStatus, bool) {
	for _, c := range roster() {
		if c.ID == clientID {
			return c.Status, true
		}
	}
	return "", false
}

func FuzzResolve(f *testing.F) {
	for _, s := range []triage.Sender{
		{Name: "Zoe Angstrom"},
		{Name: "Nowak Łukasz", Email: "lukasznowak+x@gmail.com"},
		{Email: "ZOE.A@EXAMPLE.COM"},
		{Phone: "(415) 555-0199"},
		{Phone: "617 555 0123", Name: "Kate Burton"},
		{Platform: "instagram", Handle: "https://www.instagram.com/zoea/?hl=en"},
		{Platform: "x", Handle: "zoea"},
		{Handle: "https://facebook.com/profile.php?id=1&id=2"},
		{Platform: "instagram", Handle: "@zoe.angstrom88"},
		{Name: "Maria Garcia"},
		{Name: "Mary J. Blige", Email: "Mary <m@x.example>"},
		{Name: "Jose\u0301 Garci\u0301a"},
		{Name: "Ana"},
		{Name: "\xff\xfe Ångström", Email: "@", Phone: "+", Platform: "x", Handle: "@"},
		{Name: strings.Repeat("Zoë ", 100), Handle: strings.Repeat("a.", 200)},
	} {
		f.Add(s.Name, s.Email, s.Phone, s.Platform, s.Handle)
	}
	f.Fuzz(func(t *testing.T, name, email, phone, platform, handle string) {
		s := triage.Sender{Name: name, Email: email, Phone: phone, Platform: platform, Handle: handle}
		got := fuzzIndex().Resolve(s)
		if got.Confidence < 0 || got.Confidence > 1 || math.IsNaN(got.Confidence) {
			t.Fatalf("Resolve(%+v).Confidence = %v, want in [0, 1]", s, got.Confidence)
		}
		switch got.Match {
		case triage.MatchNone:
			if got != unknown {
				t.Fatalf("Resolve(%+v) = %+v, want the unknown result with match none", s, got)
			}
			return
		case triage.MatchExact:
			if !identifierMatches(s, got.ClientID, got.Relationship == triage.Relative) {
				t.Fatalf("Resolve(%+v) = %+v: exact, but no identifier of the sender is that person's", s, got)
			}
		case triage.MatchFuzzy:
			if got.Confidence < Threshold || got.Confidence >= 1 {
				t.Fatalf("Resolve(%+v) = %+v: fuzzy confidence outside [%v, 1)", s, got, Threshold)
			}
		default:
			t.Fatalf("Resolve(%+v).Match = %q", s, got.Match)
		}
		st, ok := statusOf(got.ClientID)
		if !ok {
			t.Fatalf("Resolve(%+v) = %+v: no such client", s, got)
		}
		if got.Relationship != triage.Relative && string(got.Relationship) != string(st) {
			t.Fatalf("Resolve(%+v) = %+v: relationship is not the client's status %q", s, got, st)
		}
	})
}

func FuzzNameKeys(f *testing.F) {
	for _, n := range []string{"Zoë Ångström", "Nowak, Łukasz", "Mary J. Blige", "Dr. Ludwig van Beethoven Jr.",
		"Bob O'Brien-Smith", "Иван Петров", "李 小龙", "\xff\xfe", "a b c d e f g h i j", "Jose\u0301"} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		keys := NameKeys(name)
		if !slices.IsSorted(keys) {
			t.Fatalf("NameKeys(%q) = %q, not sorted", name, keys)
		}
		for i, k := range keys {
			if k == "" || !utf8.ValidString(k) || i > 0 && keys[i-1] == k {
				t.Fatalf("NameKeys(%q) = %q: empty, invalid or repeated key %q", name, keys, k)
			}
		}
		// Order does not matter, within the bounds on the words read.
		fields := strings.Fields(name)
		slices.Reverse(fields)
		bounded := len(words(name, false)) <= maxNameTokens && utf8.RuneCountInString(name) <= maxNameRunes
		if rev := NameKeys(strings.Join(fields, " ")); bounded && !slices.Equal(keys, rev) {
			t.Fatalf("NameKeys(%q) = %q, but reversed %q", name, keys, rev)
		}
		if p := parseName(name, false); p.full >= 2 {
			if sc := NameScore(name, name); sc < Threshold || sc > nameCeiling {
				t.Fatalf("NameScore(%q, itself) = %v, want in [%v, %v]", name, sc, Threshold, nameCeiling)
			}
		}
	})
}
