package detect

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// labelled is one corpus line: a message and what a reader should conclude.
type labelled struct {
	ID             string `json:"id"`
	Channel        string `json:"channel"`
	Text           string `json:"text"`
	Crisis         bool   `json:"crisis"`
	Clinical       bool   `json:"clinical"`
	Administrative bool   `json:"administrative"`
}

func loadCorpus(tb testing.TB, path string) []labelled {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// confusion counts one label's outcomes.
type confusion struct{ tp, fp, fn, tn int }

func (c *confusion) add(got, want bool) {
	switch {
	case got && want:
		c.tp++
	case got:
		c.fp++
	case want:
		c.fn++
	default:
		c.tn++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (c confusion) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c confusion) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c confusion) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// evaluate classifies a corpus and returns per-label confusion, logging
// every miss with its signals so a failing run says what to look at.
func evaluate(t *testing.T, d *Detector, corpus []labelled, logMisses bool) (crisis, clinical, admin confusion) {
	t.Helper()
	for _, l := range corpus {
		r := d.Classify(l.Text)
		crisis.add(r.Crisis, l.Crisis)
		clinical.add(r.Clinical, l.Clinical)
		admin.add(r.Administrative, l.Administrative)
		if logMisses && (r.Crisis != l.Crisis || r.Clinical != l.Clinical || r.Administrative != l.Administrative) {
			t.Logf("%s got x=%v c=%v a=%v want x=%v c=%v a=%v: %q\n\tsignals %v\n\tsuppressed %v",
				l.ID, r.Crisis, r.Clinical, r.Administrative, l.Crisis, l.Clinical, l.Administrative, l.Text,
				Strings(r.Signals), suppressedStrings(r.Suppressed))
		}
	}
	return
}

func suppressedStrings(sigs []Signal) []string {
	out := make([]string, len(sigs))
	for k, s := range sigs {
		out[k] = s.String() + "(" + s.Reason + ")"
	}
	return out
}

// Targets from the product brief: crisis recall first.
const (
	minCrisisRecall    = 0.97
	minCrisisPrecision = 0.85
	minF1              = 0.90
)

// checkTargets fails when a figure is below its target less slack.
func checkTargets(t *testing.T, name string, slack float64, crisis, clinical, admin confusion) {
	t.Helper()
	t.Logf("%s: crisis precision %.3f recall %.3f (tp %d fp %d fn %d); clinical P %.3f R %.3f F1 %.3f; administrative P %.3f R %.3f F1 %.3f",
		name, crisis.precision(), crisis.recall(), crisis.tp, crisis.fp, crisis.fn,
		clinical.precision(), clinical.recall(), clinical.f1(),
		admin.precision(), admin.recall(), admin.f1())
	if got := crisis.recall(); got < minCrisisRecall-slack {
		t.Errorf("%s: crisis recall = %.3f, want >= %.2f", name, got, minCrisisRecall)
	}
	if got := crisis.precision(); got < minCrisisPrecision-slack {
		t.Errorf("%s: crisis precision = %.3f, want >= %.2f", name, got, minCrisisPrecision)
	}
	if got := clinical.f1(); got < minF1-slack {
		t.Errorf("%s: clinical F1 = %.3f, want >= %.2f", name, got, minF1)
	}
	if got := admin.f1(); got < minF1-slack {
		t.Errorf("%s: administrative F1 = %.3f, want >= %.2f", name, got, minF1)
	}
}

// TestCorpusTuning measures the split the rules were tuned on.
func TestCorpusTuning(t *testing.T) {
	corpus := loadCorpus(t, "testdata/corpus_train.jsonl")
	if len(corpus) < 250 {
		t.Fatalf("tuning corpus has %d messages, want at least 250", len(corpus))
	}
	crisis, clinical, admin := evaluate(t, New(), corpus, true)
	checkTargets(t, "tuning split", 0, crisis, clinical, admin)
}

// TestCorpusHeldOut measures the split written before any rule and never
// tuned on. It is the honest figure; misses are logged only with -v so the
// rules are not fitted to them by habit.
func TestCorpusHeldOut(t *testing.T) {
	corpus := loadCorpus(t, "testdata/corpus_heldout.jsonl")
	if len(corpus) < 120 {
		t.Fatalf("held-out corpus has %d messages, want at least 120", len(corpus))
	}
	crisis, clinical, admin := evaluate(t, New(), corpus, os.Getenv("DETECT_SHOW_HELDOUT") != "")
	// The split is small (45 crisis messages: one miss moves recall by 2.2
	// points), so it guards against regressions with slack rather than
	// asserting the targets; its figures are logged and reported as they are.
	checkTargets(t, "held-out split", 0.05, crisis, clinical, admin)
}

// TestCorpusEval measures a third split written by a second author, in
// their own voice, before they read the rules: the check that the rules
// generalise beyond the first author's phrasing. Set DETECT_SHOW_EVAL to
// log its misses.
func TestCorpusEval(t *testing.T) {
	corpus := loadCorpus(t, "testdata/corpus_eval.jsonl")
	if len(corpus) < 350 {
		t.Fatalf("eval corpus has %d messages, want at least 350", len(corpus))
	}
	crisis, clinical, admin := evaluate(t, New(), corpus, os.Getenv("DETECT_SHOW_EVAL") != "")
	checkTargets(t, "eval split", 0, crisis, clinical, admin)
}
