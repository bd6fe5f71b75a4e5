package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
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
