package triage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/framekeeper/framekeeper/policy"
)

// TestDecideProperties draws random inputs — kind, every clause's stance
// (and some invalid ones), relationship, match, content, crisis, channel,
// settings and consents — and checks what must hold for every decision:
// no panic, a crisis always escalates, at least one clause and an
// explanation, reply present exactly when "reply" is an action, and every
// invariant of checkInvariants.
func TestDecideProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: a failure reproduces
	kinds := append(Kinds(), "unknown_kind")
	rels := []Relationship{Current, Former, Prospective, Relative, Unknown, "stranger"}
	matches := []Match{MatchExact, MatchFuzzy, MatchNone, ""}
	channels := append(Channels(), "", "pager")
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		k := kinds[rng.IntN(len(kinds))]
		stances := policy.Stances{}
		for _, ci := range policy.Catalog() {
			switch r := rng.IntN(len(ci.Stances) + 3); {
			case r < len(ci.Stances):
				stances[ci.Clause] = ci.Stances[r].Stance
			case r == len(ci.Stances):
				stances[ci.Clause] = policy.Unspecified
			case r == len(ci.Stances)+1:
				stances[ci.Clause] = "bogus"
			} // else absent
		}
		c := content(rng.IntN(5))
		in := input(k, stances, rels[rng.IntN(len(rels))], c, opts{
			redirect: rng.IntN(2) == 0, texting: rng.IntN(2) == 0, emailOK: rng.IntN(2) == 0, search: rng.IntN(2) == 0,
			match: matches[rng.IntN(len(matches))],
		})
		if rng.IntN(4) == 0 {
			in.Interaction.Channel = channels[rng.IntN(len(channels))]
		}
		if rng.IntN(10) == 0 {
			in.Sender.ClientID = ""
		}
		name := fmt.Sprintf("#%d %s/%s/%s/content %d", i, k, in.Sender.Relationship, in.Sender.Match, c)

		var d Decision
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s: Decide panicked: %v", name, r)
				}
			}()
			d = Decide(in)
		}()

		crisis := c == cCrisis
		if d.Crisis.Detected != crisis || d.Has(ActEscalate) != crisis {
			t.Errorf("%s: crisis %v, detected %v, actions %v", name, crisis, d.Crisis.Detected, d.Actions)
		}
		if crisis && canReply(k, in.Interaction.Channel) && d.Reply == nil {
			t.Errorf("%s: crisis on a channel that can carry a reply, but none sent", name)
		}
		if len(d.Actions) == 0 && len(d.Pending) == 0 {
			t.Errorf("%s: no actions", name)
		}
		for _, a := range append(slices.Clone(d.Actions), d.Pending...) {
			if !slices.Contains(actionOrder, a) {
				t.Errorf("%s: unknown action %q", name, a)
			}
		}
		for _, a := range d.Pending {
			if d.Has(a) {
				t.Errorf("%s: %s both pending and done", name, a)
			}
		}
		for _, cl := range d.Policy.Clauses {
			if _, ok := policy.Info(cl); !ok {
				t.Errorf("%s: unknown clause %q", name, cl)
			}
		}
		checkInvariants(t, name, in, d)
		if t.Failed() {
			t.Logf("%s: %+v", name, d)
			return
		}
	}
}
