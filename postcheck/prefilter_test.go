package postcheck

import (
	"slices"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want []string
		ok   bool
	}{
		{`\bhello\b`, []string{"hello"}, true},
		{`\b(?:cat|dog)s?\b`, []string{"cat", "dog"}, true},
		{`(?i)Leave us`, []string{"leave us"}, true},
		{`\d+ reviews`, []string{" reviews"}, true},
		{`(?:a|b*)`, nil, false},
		{`[A-Z][a-z]+`, nil, false},
	} {
		got, ok := requiredLiterals(tc.expr)
		slices.Sort(got)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("requiredLiterals(%q) = %q, %v, want %q, %v", tc.expr, got, ok, tc.want, tc.ok)
		}
	}
}

// The prefilter must never skip a pattern that would have matched: every
// match of every table expression in the labelled posts contains one of its
// literals.
func TestPrefilterSound(t *testing.T) {
	c := New()
	var texts []string
	for _, p := range []string{"testdata/tune.jsonl", "testdata/heldout.jsonl", "testdata/eval.jsonl"} {
		for _, d := range loadDrafts(t, p) {
			texts = append(texts, d.Text)
		}
	}
	for _, r := range c.rules {
		for _, p := range r.patterns {
			for _, m := range []matcher{p.match, p.with, p.unless} {
				if m.re == nil || !m.litOK {
					continue
				}
				for _, text := range texts {
					d := newDoc(text)
					for _, loc := range m.re.FindAllStringIndex(m.on(d), -1) {
						if !mayMatch(m.lits, true, d.lower[loc[0]:loc[1]]) {
							t.Errorf("%s: match %q of %q has none of its literals", r.rule, d.norm[loc[0]:loc[1]], m.re)
						}
					}
				}
			}
		}
	}
}
