package policy

import (
	"strings"
	"testing"
	"time"
)

func TestWordDiff(t *testing.T) {
	tests := []struct {
		a, b string
		want string
	}{
		{"", "", ""},
		{"same text", "same text", "same text"},
		{"", "new words", "{+new words+}"},
		{"old words", "", "[-old words-]"},
		{"We answer texts.", "We never answer texts.", "We {+never +}answer texts."},
		{"Email us any time.", "Email us about visits only.", "Email us [-any time.-]{+about visits only.+}"},
		{"a b c d", "a x c d", "a [-b-]{+x+} c d"},
		{"one two three", "three two one", "[-one two three-]{+three two one+}"},
	}
	for _, tt := range tests {
		edits := WordDiff(tt.a, tt.b)
		if got := FormatEdits(edits); got != tt.want {
			t.Errorf("WordDiff(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
		if got := ApplyEdits(edits, EditDelete); got != tt.a {
			t.Errorf("old side of WordDiff(%q, %q) = %q", tt.a, tt.b, got)
		}
		if got := ApplyEdits(edits, EditInsert); got != tt.b {
			t.Errorf("new side of WordDiff(%q, %q) = %q", tt.a, tt.b, got)
		}
	}
}

func TestWordDiffLargeFallsBack(t *testing.T) {
	a := strings.Repeat("alpha ", 3000)
	b := strings.Repeat("beta ", 3000)
	edits := WordDiff(a, b)
	if ApplyEdits(edits, EditDelete) != a || ApplyEdits(edits, EditInsert) != b {
		t.Fatalf("large diff does not rebuild both sides")
	}
}

func TestCompare(t *testing.T) {
	older := DemoPolicy()
	newer := older.Clone()
	newer.Stances[Email] = "not_used"                   // stance change
	newer.Stances[Testimonials] = Unspecified           // removed
	newer.Stances[IncidentalEncounters] = "no_action"   // added
	newer.Overrides = map[Clause]string{Friending: "x"} // reworded, same stance
	newer.Profile.Channels = newer.Profile.Channels[:1] // contact changed

	d := CompareVersions(Version{Number: 2, Policy: older}, Version{Number: 3, Policy: newer,
		EffectiveAt: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})

	type row struct {
		kind        ChangeKind
		from, to    Stance
		explanation string
	}
	want := map[string]row{
		"contact":               {ChangeReworded, "", "", "The ways to reach us between sessions have changed."},
		"friending":             {ChangeReworded, "decline", "decline", "We reworded the section about friend and contact requests. What we do has not changed."},
		"email":                 {ChangeStance, "administrative_only", "not_used", "We no longer use email with clients. Please do not email us."},
		"incidental_encounters": {ChangeAdded, Unspecified, "no_action", "A new section about meeting by chance online. If we meet by chance online, you no longer need to do anything about it."},
		"testimonials":          {ChangeRemoved, "never_solicit", Unspecified, "We removed the section about testimonials and ratings. This policy no longer says anything about it."},
	}
	if len(d.Changes) != len(want) {
		var ids []string
		for _, c := range d.Changes {
			ids = append(ids, c.SectionID)
		}
		t.Fatalf("got changes %v, want %d", ids, len(want))
	}
	for _, c := range d.Changes {
		w, ok := want[c.SectionID]
		if !ok {
			t.Errorf("unexpected change to %s", c.SectionID)
			continue
		}
		got := row{c.Kind, c.From, c.To, c.Explanation}
		if got != w {
			t.Errorf("change to %s = %+v, want %+v", c.SectionID, got, w)
		}
	}
	// Removed sections come last, after the newer document's order.
	if last := d.Changes[len(d.Changes)-1]; last.SectionID != "testimonials" {
		t.Errorf("last change is %s, want the removed testimonials section", last.SectionID)
	}
	for _, c := range d.Changes {
		if c.SectionID == "email" && !strings.Contains(c.TextDiff(), "{+We do not use email with clients.") {
			t.Errorf("email text diff lacks the new text:\n%s", c.TextDiff())
		}
	}
	s := d.Summary()
	for _, want := range []string{"version 3", "July 1, 2025", "- We no longer use email with clients."} {
		if !strings.Contains(s, want) {
			t.Errorf("Summary lacks %q:\n%s", want, s)
		}
	}
	if g := FleschKincaidGrade(PlainText(s)); g > maxGrade {
		t.Errorf("summary reads at grade %.1f, want <= %.0f:\n%s", g, maxGrade, s)
	}
}

func TestCompareSame(t *testing.T) {
	d := Compare(DemoPolicy(), DemoPolicy())
	if !d.Empty() {
		t.Errorf("identical policies differ: %+v", d.Changes)
	}
	if !strings.Contains(d.Summary(), "Nothing") {
		t.Errorf("summary of no change = %q", d.Summary())
	}
}

func TestCompareTemplatesEveryClause(t *testing.T) {
	// Between two templates every clause whose stance differs is reported.
	a, _ := TemplateByID("university")
	b, _ := TemplateByID("comprehensive")
	d := Compare(a.Policy, b.Policy)
	reported := map[Clause]bool{}
	for _, c := range d.Changes {
		if c.Clause != "" {
			reported[c.Clause] = true
		}
		if c.Explanation == "" {
			t.Errorf("change to %s has no explanation", c.SectionID)
		}
	}
	for _, c := range Clauses() {
		if a.Policy.Stances.Get(c) != b.Policy.Stances.Get(c) && !reported[c] {
			t.Errorf("clause %s changed stance but is not reported", c)
		}
	}
}

func FuzzWordDiff(f *testing.F) {
	f.Add("We answer texts.", "We never answer texts.")
	f.Add("", "x")
	f.Add("a  b\n\nc", "a b c")
	f.Add("é ü ✓", "ü é")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 2000 || len(b) > 2000 {
			return
		}
		edits := WordDiff(a, b)
		if got := ApplyEdits(edits, EditDelete); got != a {
			t.Fatalf("old side = %q, want %q", got, a)
		}
		if got := ApplyEdits(edits, EditInsert); got != b {
			t.Fatalf("new side = %q, want %q", got, b)
		}
	})
}
