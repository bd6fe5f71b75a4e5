package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/triage"
)

// TestDecisionContextFollowsChanges: the decision context is cached, yet
// every change it depends on shows in the next read — draft, publication,
// triage settings, on-call rota, staff — including a change made by
// another process (another replica) straight in the database.
func TestDecisionContextFollowsChanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		tc := storage.TriageContext{DB: f.db, PublicURL: "https://practice.example"}
		read := func() intake.DecisionContext {
			t.Helper()
			dc, err := tc.DecisionContext(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if dc.PublicURL != "https://practice.example" {
				t.Fatalf("public URL = %q", dc.PublicURL)
			}
			return dc
		}
		if dc := read(); dc.Version != 0 || !slices.Equal(dc.AlertTo, []string{"ada@example.org"}) {
			t.Fatalf("before anything: version %d, alert %q", dc.Version, dc.AlertTo)
		}
		read() // cached now

		tpl, _ := policy.TemplateByID("002")
		p := tpl.Policy.Clone()
		p.Profile.PracticeName = "Harbor Counseling"
		p.Stances[policy.Texting] = "not_used"
		if _, err := f.db.Policies().SaveDraft(ctx, f.admin, p); err != nil {
			t.Fatal(err)
		}
		if dc := read(); dc.Version != 0 || dc.Policy.Stances[policy.Texting] != "not_used" {
			t.Errorf("after saving the draft: version %d, texting %q", dc.Version, dc.Policy.Stances[policy.Texting])
		}
		p.Stances[policy.Texting] = "administrative_only"
		if _, err := f.db.Policies().Publish(ctx, f.admin, p, "Texts for scheduling.", time.Now()); err != nil {
			t.Fatal(err)
		}
		if dc := read(); dc.Version != 1 || dc.Policy.Stances[policy.Texting] != "administrative_only" {
			t.Errorf("after publishing: version %d, texting %q", dc.Version, dc.Policy.Stances[policy.Texting])
		}
		if err := f.db.SaveSetting(ctx, f.admin, "triage", intake.Settings{RedirectReplies: true}); err != nil {
			t.Fatal(err)
		}
		if dc := read(); !dc.Settings.RedirectReplies {
			t.Error("after saving triage settings: not seen")
		}
		if err := f.db.SetOnCall(ctx, f.admin, []string{f.t1.StaffID}); err != nil {
			t.Fatal(err)
		}
		if dc := read(); !slices.Equal(dc.AlertTo, []string{"tess@example.org"}) {
			t.Errorf("after setting the rota: alert %q", dc.AlertTo)
		}
		st := &framekeeper.Staff{ID: f.t1.StaffID, Name: "Tess One", Email: "tess.one@example.org", Role: framekeeper.RoleTherapist, Active: true}
		if err := f.db.UpdateStaff(ctx, st, ""); err != nil {
			t.Fatal(err)
		}
		if dc := read(); !slices.Equal(dc.AlertTo, []string{"tess.one@example.org"}) {
			t.Errorf("after changing the on-call person's email: alert %q", dc.AlertTo)
		}
		// Another replica's change, as SQL behind this process's back.
		raw := storagetest.Raw(t, f.url)
		if _, err := raw.Exec(`DELETE FROM oncall`); err != nil {
			t.Fatal(err)
		}
		if dc := read(); !slices.Equal(dc.AlertTo, []string{"ada@example.org"}) {
			t.Errorf("after another process emptied the rota: alert %q", dc.AlertTo)
		}
	})
}

// TestInsertDecidedChecksGeneration: a decision made under a cached context
// is stored only while the configuration is still the one it was made
// under; once anything it depends on changes, nothing is written and the
// caller is told to decide again. A repeat is still a repeat.
func TestInsertDecidedChecksGeneration(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		tc := storage.TriageContext{DB: f.db}
		if _, ok := tc.CachedDecisionContext(); ok {
			t.Fatal("a cached context before any was read")
		}
		dc, err := tc.DecisionContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if dc.Generation == 0 {
			t.Fatal("generation 0 after staff were created: the cached path would never be used")
		}
		if cached, ok := tc.CachedDecisionContext(); !ok || cached.Generation != dc.Generation {
			t.Fatalf("cached context: ok=%v generation %d, want %d", ok, cached.Generation, dc.Generation)
		}
		insert := func(extID, id string) (*intake.Stored, bool, error) {
			in := triage.Interaction{ID: extID, Kind: triage.SMS, Channel: triage.ChannelSMS, From: triage.Sender{Phone: "+15550001111"}, Text: "Can we move Tuesday?"}
			s := &intake.Stored{Input: in, ID: id, ReceivedAt: time.Now().UTC().Truncate(time.Microsecond)}
			o := intake.Outcome{Decision: triage.Decision{EventID: id, Actions: []triage.Action{triage.ActNoReply}}, Generation: dc.Generation}
			created, err := f.db.InsertDecided(ctx, s, &o)
			return s, created, err
		}
		if _, created, err := insert("SM1", "ev_current"); err != nil || !created {
			t.Fatalf("current generation: created=%v err=%v", created, err)
		}
		if err := f.db.SaveSetting(ctx, f.admin, "triage", intake.Settings{RedirectReplies: true}); err != nil {
			t.Fatal(err)
		}
		if _, created, err := insert("SM2", "ev_stale"); !errors.Is(err, intake.ErrStaleContext) || created {
			t.Fatalf("after a settings change: created=%v err=%v, want ErrStaleContext", created, err)
		}
		if _, err := f.db.FindInteraction(ctx, "ev_stale"); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Fatalf("a stale decision was stored: %v", err)
		}
		if s, created, err := insert("SM1", "ev_again"); err != nil || created || s.ID != "ev_current" {
			t.Fatalf("repeat under a stale generation: created=%v err=%v id %q, want the stored ev_current", created, err, s.ID)
		}
		fresh, err := tc.DecisionContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fresh.Generation == dc.Generation || !fresh.Settings.RedirectReplies {
			t.Fatalf("re-read context: generation %d (was %d), redirect %v", fresh.Generation, dc.Generation, fresh.Settings.RedirectReplies)
		}
		dc = fresh
		if _, created, err := insert("SM2", "ev_stale"); err != nil || !created {
			t.Fatalf("decided again under the current generation: created=%v err=%v", created, err)
		}
	})
}
