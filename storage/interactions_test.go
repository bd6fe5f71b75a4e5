package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

func TestInteractionsLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := &framekeeper.Client{Name: "Ivy Intake", Identities: []framekeeper.Identity{{Kind: "phone", Value: "+1 415 555 0111"}}}
		if err := f.db.CreateClient(ctx, f.t1, c); err != nil {
			t.Fatal(err)
		}
		in := triage.Interaction{ID: "SM123", Kind: triage.SMS, Channel: triage.ChannelSMS, From: triage.Sender{Phone: "+14155550111"}, Text: "running late"}
		s := &intake.Stored{Input: in}
		created, err := f.db.InsertInteraction(ctx, s)
		if err != nil || !created || s.Status != intake.StatusPending {
			t.Fatalf("insert: %v %v %+v", created, err, s)
		}
		// The same message again is the same row.
		again := &intake.Stored{Input: in}
		created, err = f.db.InsertInteraction(ctx, again)
		if err != nil || created || again.ID != s.ID {
			t.Fatalf("second delivery: created=%v err=%v id=%s want %s", created, err, again.ID, s.ID)
		}

		claim, ok, err := f.db.ClaimInteraction(ctx, s.ID, time.Minute)
		if err != nil || !ok || claim.Attempts != 1 {
			t.Fatalf("claim: %v %v %+v", ok, err, claim)
		}
		if _, ok, _ := f.db.ClaimInteraction(ctx, s.ID, time.Minute); ok {
			t.Fatal("claimed twice while leased")
		}
		note := "Text message received."
		item := "Discuss texting."
		o := intake.Outcome{
			Decision: triage.Decision{EventID: s.ID, Actions: []triage.Action{triage.ActNoReply, triage.ActDocument, triage.ActAgenda, triage.ActEscalate},
				ChartNote: &note, AgendaItem: &item, Crisis: triage.Crisis{Detected: true}},
			ClientID: c.ID, Urgency: 100, // the therapist comes from the client
			Chart:  &framekeeper.RecordEntry{ClientID: c.ID, Kind: "interaction", Text: note},
			Agenda: &framekeeper.AgendaItem{ClientID: c.ID, InteractionID: s.ID, Text: item},
			Alert:  &framekeeper.Alert{InteractionID: s.ID, ClientID: c.ID, Summary: "Crisis signs in a text message."},
			Outbox: []framekeeper.OutboxMessage{{Kind: "email", Recipient: "oncall@example.org", Subject: "Crisis", Body: "Open the inbox."}},
		}
		// A stale claim cannot complete.
		stale := claim
		stale.Token = "wrong"
		if err := f.db.Complete(ctx, stale, o); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("stale complete: %v", err)
		}
		if err := f.db.Complete(ctx, claim, o); err != nil {
			t.Fatal(err)
		}
		if err := f.db.Complete(ctx, claim, o); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("second complete: %v", err)
		}
		got, err := f.db.FindInteraction(ctx, s.ID)
		if err != nil || got.Status != intake.StatusDone || got.Decision == nil || !got.Crisis || got.ClientID != c.ID {
			t.Fatalf("after complete: %+v %v", got, err)
		}
		es, _ := f.db.FindRecords(ctx, f.t1, c.ID)
		if len(es) != 1 || es[0].Text != note {
			t.Errorf("chart = %+v", es)
		}
		ag, err := f.db.FindAgenda(ctx, f.t1, c.ID, false)
		if err != nil || len(ag) != 1 || ag[0].Text != item {
			t.Fatalf("agenda = %+v %v", ag, err)
		}
		if _, err := f.db.CloseAgendaItem(ctx, f.t1, c.ID, ag[0].ID, "Talked it through."); err != nil {
			t.Fatal(err)
		}
		if ag, _ := f.db.FindAgenda(ctx, f.t1, c.ID, false); len(ag) != 0 {
			t.Errorf("closed item still open: %+v", ag)
		}
		if _, err := f.db.CloseAgendaItem(ctx, f.t1, c.ID, got.ID, "x"); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Errorf("closing a missing item: %v", err)
		}
		alerts, _ := f.db.OpenAlerts(ctx)
		if len(alerts) != 1 {
			t.Fatalf("alerts = %+v", alerts)
		}
		if err := f.db.AcknowledgeAlert(ctx, f.t2, alerts[0].ID); err != nil {
			t.Fatal(err)
		}
		if alerts, _ := f.db.OpenAlerts(ctx); len(alerts) != 0 {
			t.Errorf("acknowledged alert still open")
		}
		// Visibility: the other therapist sees nothing; front desk sees no text.
		if list, _, _ := f.db.FindInteractions(ctx, f.t2, intake.Filter{}); len(list) != 0 {
			t.Errorf("other therapist sees %d interactions", len(list))
		}
		list, total, err := f.db.FindInteractions(ctx, f.desk, intake.Filter{})
		if err != nil || total != 1 || list[0].Input.Text != "" {
			t.Errorf("front desk list = %+v %d %v", list, total, err)
		}
		if list, _, _ := f.db.FindInteractions(ctx, f.t1, intake.Filter{}); len(list) != 1 || list[0].Input.Text != "running late" {
			t.Errorf("therapist list = %+v", list)
		}

		// The outbox message is claimed once and marked sent.
		ms, err := f.db.ClaimOutbox(ctx, []string{"email"}, 10, time.Minute)
		if err != nil || len(ms) != 1 || ms[0].Recipient != "oncall@example.org" {
			t.Fatalf("claim outbox: %+v %v", ms, err)
		}
		if more, _ := f.db.ClaimOutbox(ctx, []string{"email"}, 10, time.Minute); len(more) != 0 {
			t.Error("outbox message claimed twice")
		}
		if err := f.db.OutboxSent(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}

		// Decided on arrival: stored with its decision and effects in one
		// transaction, under the id and time the pipeline gave it; a
		// repeat writes nothing.
		in2 := triage.Interaction{ID: "SM124", Kind: triage.SMS, Channel: triage.ChannelSMS, From: triage.Sender{Phone: "+14155550111"}, Text: "see you then"}
		at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
		before, _ := f.db.FindRecords(ctx, f.t1, c.ID)
		d := &intake.Stored{Input: in2, ID: "ev_decided", ReceivedAt: at}
		o2 := intake.Outcome{Decision: triage.Decision{EventID: d.ID, Actions: []triage.Action{triage.ActNoReply, triage.ActDocument}, ChartNote: &note},
			ClientID: c.ID, Chart: &framekeeper.RecordEntry{ClientID: c.ID, Kind: "interaction", Text: note}}
		created, err = f.db.InsertDecided(ctx, d, &o2)
		if err != nil || !created || d.Status != intake.StatusDone || d.Decision == nil || d.ClientID != c.ID {
			t.Fatalf("insert decided: %v %v %+v", created, err, d)
		}
		again2 := &intake.Stored{Input: in2, ID: "ev_other"}
		created, err = f.db.InsertDecided(ctx, again2, &o2)
		if err != nil || created || again2.ID != "ev_decided" || !again2.ReceivedAt.Equal(at) || again2.Status != intake.StatusDone {
			t.Fatalf("repeat of a decided interaction: created=%v err=%v %+v", created, err, again2)
		}
		if es, _ := f.db.FindRecords(ctx, f.t1, c.ID); len(es) != len(before)+1 {
			t.Errorf("chart after a decided interaction and its repeat: %d entries, want %d", len(es), len(before)+1)
		}
		if list, _, _ := f.db.FindInteractions(ctx, f.t1, intake.Filter{}); len(list) != 2 {
			t.Errorf("therapist sees %d interactions, want 2", len(list))
		}
	})
}

// TestClaimDueConcurrently: several workers claiming at once never share an
// interaction, and an expired lease is taken again.
func TestClaimDueConcurrently(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		const n = 40
		for i := 0; i < n; i++ {
			s := &intake.Stored{Input: triage.Interaction{Kind: triage.Email, Channel: triage.ChannelEmail, From: triage.Sender{Email: "x@example.org"}, Text: "hi"}}
			if _, err := f.db.InsertInteraction(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					cs, err := f.db.ClaimDue(ctx, 3, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(cs) == 0 {
						return
					}
					mu.Lock()
					for _, c := range cs {
						seen[c.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("claimed %d distinct, want %d", len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("%s claimed %d times", id, k)
			}
		}
		// Leases that run out come back.
		f.db.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
		cs, err := f.db.ClaimDue(ctx, 100, time.Minute)
		if err != nil || len(cs) != n || cs[0].Attempts != 2 {
			t.Errorf("after lease expiry: %d claims (attempts %v), err %v", len(cs), cs[0].Attempts, err)
		}
	})
}
