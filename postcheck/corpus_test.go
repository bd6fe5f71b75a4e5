package postcheck

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// Targets the checker must meet on both labelled splits.
const (
	minF1            = 0.85
	maxCleanFlagRate = 0.10
)

// draft is one labelled line of testdata/*.jsonl: a draft post and the rules
// a careful reviewer would flag in it (none for a clean post).
type draft struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Rules []Rule `json:"rules"`
}

func loadDrafts(tb testing.TB, path string) []draft {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []draft
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var d draft
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatalf("%s:%d: %v", path, n, err)
		}
		for _, r := range d.Rules {
			if !slices.Contains(Rules(), r) {
				tb.Fatalf("%s:%d: unknown rule %q", path, n, r)
			}
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// evaluate scores each draft at the level the contract cares about: whether
// a rule fires on the draft at all.
func evaluate(t *testing.T, c *Checker, drafts []draft, showMisses bool) (map[Rule]score, int, int) {
	scores := map[Rule]score{}
	clean, cleanFlagged := 0, 0
	for _, d := range drafts {
		got := map[Rule]bool{}
		for _, f := range c.Check(d.Text) {
			got[f.Rule] = true
		}
		if len(d.Rules) == 0 {
			clean++
			if len(got) > 0 {
				cleanFlagged++
			}
		}
		for _, r := range Rules() {
			want := slices.Contains(d.Rules, r)
			s := scores[r]
			switch {
			case want && got[r]:
				s.tp++
			case got[r]:
				s.fp++
				if showMisses {
					t.Logf("FP %s %s: %s  %v", r, d.ID, d.Text, c.Only(d.Text, r))
				}
			case want:
				s.fn++
				if showMisses {
					t.Logf("FN %s %s: %s", r, d.ID, d.Text)
				}
			}
			scores[r] = s
		}
	}
	return scores, clean, cleanFlagged
}

// The splits: tune and heldout were written by the rules' first author;
// eval (testdata/eval.jsonl) was written independently, before its author
// read the tables, and then used to tune them, so all three now guard against
// regressions rather than measure generalisation.
//
// Labelling conventions of eval:
//   - client_reference: the text says something about a particular client,
//     a group of the therapist's own clients, or what happened in particular
//     sessions, however de-identified. Service statements, policies and
//     workload alone ("six intakes in a row") are not.
//   - phi: a private person's condition, treatment, substance use, or
//     identifying details (name, age, town, phone) tied to health. The
//     therapist's own disclosure and public figures' public statements are
//     not.
//   - venting: frustration about clients, colleagues, the workplace and its
//     payers: a therapist's rant about insurers they bill is venting about
//     the workplace; calm advocacy for parity is not.
//   - testimonial_solicitation: asking for reviews, ratings, testimonials,
//     endorsements, award votes or "tell others how we helped"; "follow us"
//     and "like and follow for more tips" are engagement, not endorsement.
func TestCorpus(t *testing.T) {
	c := New()
	for _, split := range []struct {
		name, path string
	}{
		{"tune", "testdata/tune.jsonl"},
		{"heldout", "testdata/heldout.jsonl"},
		{"eval", "testdata/eval.jsonl"},
		{"probe", "testdata/probe.jsonl"},
	} {
		t.Run(split.name, func(t *testing.T) {
			drafts := loadDrafts(t, split.path)
			// Mismatches are printed for the tuning split only, so the held-out
			// split stays unseen while rules are adjusted.
			show := split.name != "heldout" && os.Getenv("POSTCHECK_SHOW") == split.name
			scores, clean, cleanFlagged := evaluate(t, c, drafts, show)
			if clean*10 < len(drafts)*4 {
				t.Errorf("only %d of %d drafts are clean, want at least 40%%", clean, len(drafts))
			}
			for _, r := range Rules() {
				s := scores[r]
				t.Logf("%-25s precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)", r, s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn)
				if s.tp+s.fn == 0 {
					t.Errorf("%s: no positive drafts in %s", r, split.path)
				}
				if got := s.f1(); got < minF1 {
					t.Errorf("%s: F1 = %.3f, want >= %.2f", r, got, minF1)
				}
			}
			rate := ratio(cleanFlagged, clean)
			t.Logf("clean drafts flagged: %d of %d (%.3f)", cleanFlagged, clean, rate)
			if rate > maxCleanFlagRate {
				t.Errorf("clean flag rate = %.3f, want <= %.2f", rate, maxCleanFlagRate)
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	c := New()
	var texts []string
	for _, p := range []string{"testdata/tune.jsonl", "testdata/heldout.jsonl", "testdata/eval.jsonl"} {
		for _, d := range loadDrafts(b, p) {
			texts = append(texts, d.Text)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c.Check(texts[i%len(texts)])
	}
}
