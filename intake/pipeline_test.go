package intake_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/triage"
)

// TestSubmitDecidesUnderThePolicyInForce: Submit decides with the context
// it read last and lets the write check it is still current. When another
// replica publishes a new version in between, the interaction is decided
// again under that version, never committed under the old one.
func TestSubmitDecidesUnderThePolicyInForce(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storagetest.URL(t, engine)
			here, other := storagetest.OpenURL(t, url), storagetest.OpenURL(t, url)
			admin := &framekeeper.Staff{Name: "Ada Admin", Email: "ada@example.org", Role: framekeeper.RoleAdmin}
			if _, err := here.SetupPractice(ctx, "Harbor Counseling", admin, "x"); err != nil {
				t.Fatal(err)
			}
			actor := framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}
			tpl, _ := policy.TemplateByID("002")
			publish := func(db *storage.DB, texting policy.Stance) {
				t.Helper()
				p := tpl.Policy.Clone()
				p.Stances[policy.Texting] = texting
				if _, err := db.Policies().Publish(ctx, actor, p, "Texting: "+string(texting), time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			publish(here, "administrative_only")
			var logs bytes.Buffer
			p := &intake.Pipeline{Store: here, Context: storage.TriageContext{DB: here},
				Resolve: resolve.NewResolver(here.Roster()).Resolve, Detector: detect.Default(),
				Log: slog.New(slog.NewTextHandler(&logs, nil))}
			submit := func(id string) *triage.Decision {
				t.Helper()
				in := triage.Interaction{ID: id, Kind: triage.SMS, Channel: triage.ChannelSMS, From: triage.Sender{Phone: "+14155550111"}, Text: "Can we move Tuesday to 3pm?"}
				s, created, err := p.Submit(ctx, in, nil)
				if err != nil || !created || s.Status != intake.StatusDone || s.Decision == nil {
					t.Fatalf("submit %s: created=%v err=%v %+v", id, created, err, s)
				}
				return s.Decision
			}
			if d := submit("SM1"); d.Policy.Version != 1 {
				t.Fatalf("first decision under version %d, want 1", d.Policy.Version)
			}
			submit("SM2") // decided with the cached context now

			publish(other, "not_used") // another replica, behind this one's back
			d := submit("SM3")
			if d.Policy.Version != 2 {
				t.Fatalf("decision after another replica published version 2 names version %d", d.Policy.Version)
			}
			stored, err := here.FindInteraction(ctx, d.EventID)
			if err != nil || stored.Decision == nil || stored.Decision.Policy.Version != 2 {
				t.Fatalf("stored decision: %+v %v", stored.Decision, err)
			}
			// Decided again on arrival, not left to the workers as a failure.
			if strings.Contains(logs.String(), "level=WARN") {
				t.Errorf("warnings logged:\n%s", logs.String())
			}
		})
	}
}
