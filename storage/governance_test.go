package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/governance"
	"github.com/framekeeper/framekeeper/policy"
)

const crisisGrounds = "She said last week she had a plan to end her life; she missed today's appointment and has not answered three calls or my email."

func publishSearchStance(t *testing.T, f *fixture, stance policy.Stance) {
	t.Helper()
	p := policy.Policy{Profile: policy.Profile{PracticeName: "Harbor Counseling"}, Stances: policy.Stances{policy.SearchEngines: stance}}
	if _, err := f.db.Policies().Publish(context.Background(), f.admin, p, "Search stance", f.db.Now()); err != nil {
		t.Fatal(err)
	}
}

func newClient(t *testing.T, f *fixture, therapist framekeeper.Actor) *framekeeper.Client {
	t.Helper()
	c := &framekeeper.Client{Name: "Robin Rivers", Status: framekeeper.StatusCurrent, TherapistID: therapist.StaffID}
	if err := f.db.CreateClient(context.Background(), f.admin, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func chartKinds(t *testing.T, f *fixture, clientID string) []string {
	t.Helper()
	es, err := f.db.FindRecords(context.Background(), f.admin, clientID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, string(e.Kind))
	}
	return out
}

func TestSearchRequestCrisis(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clock := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
		f.db.Now = func() time.Time { return clock }
		publishSearchStance(t, f, "crisis_only")
		c := newClient(t, f, f.t1)
		before := len(chartKinds(t, f, c.ID))

		// Without grounds: 422, nothing recorded.
		_, err := f.db.RequestSearch(ctx, f.t1, governance.SearchInput{ClientID: c.ID, Scope: "the client"})
		if framekeeper.ErrorCode(err) != governance.CodeUnprocessable {
			t.Fatalf("no grounds: %v", err)
		}
		if n := len(chartKinds(t, f, c.ID)); n != before {
			t.Fatalf("chart grew to %d on a refused request", n)
		}
		if list, _ := f.db.FindSearchRequests(ctx, f.admin, governance.SearchFilter{}); len(list) != 0 {
			t.Fatalf("refused request stored: %+v", list)
		}
		// Another therapist cannot even name the client.
		if _, err := f.db.RequestSearch(ctx, f.t2, governance.SearchInput{ClientID: c.ID, Grounds: crisisGrounds, Scope: "the client"}); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Fatalf("other caseload: %v", err)
		}

		r, err := f.db.RequestSearch(ctx, f.t1, governance.SearchInput{ClientID: c.ID, Grounds: crisisGrounds, Scope: "the client, recent status updates"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Decision != "allow" || r.Status != governance.StatusApproved || r.AgendaItemID == "" || r.DiscussBy == nil {
			t.Fatalf("request %+v", r)
		}
		if want := clock.Add(14 * 24 * time.Hour); !r.DiscussBy.Equal(want) {
			t.Errorf("discuss by %v, want %v", r.DiscussBy, want)
		}
		agenda, err := f.db.FindAgenda(ctx, f.t1, c.ID, false)
		if err != nil || len(agenda) != 1 || agenda[0].Source != "search" {
			t.Fatalf("agenda %+v %v", agenda, err)
		}
		if _, err := f.db.RecordSearchOutcome(ctx, f.t1, r.ID, governance.Outcome{LookedAt: "Public Facebook profile", Found: "Posted an hour ago from her sister's house; appears safe."}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.RecordSearchOutcome(ctx, f.t1, r.ID, governance.Outcome{LookedAt: "x", Found: "y"}); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("second outcome: %v", err)
		}
		kinds := strings.Join(chartKinds(t, f, c.ID), ",")
		if !strings.HasSuffix(kinds, "search_request,search_outcome") {
			t.Fatalf("chart kinds %s", kinds)
		}
		if n, p, err := f.db.VerifyRecords(ctx); err != nil || p != nil || n == 0 {
			t.Fatalf("chain: %d %v %v", n, p, err)
		}

		// Not overdue yet; after the deadline the supervisor sees it and is mailed once.
		if late, _ := f.db.FindSearchRequests(ctx, f.admin, governance.SearchFilter{Overdue: true}); len(late) != 0 {
			t.Fatalf("overdue too soon: %+v", late)
		}
		clock = clock.Add(15 * 24 * time.Hour)
		late, err := f.db.FindSearchRequests(ctx, f.admin, governance.SearchFilter{Overdue: true})
		if err != nil || len(late) != 1 || !late[0].Overdue || late[0].FollowUp() != "Discussion overdue" {
			t.Fatalf("overdue %+v %v", late, err)
		}
		if od, _ := f.db.OverdueAgenda(ctx, clock); len(od) != 1 {
			t.Fatalf("OverdueAgenda %+v", od)
		}
		n, err := f.db.SendGovernanceReminders(ctx, "https://fk.example")
		if err != nil {
			t.Fatal(err)
		}
		msgs, _ := f.db.FindOutbox(ctx, "", 50)
		overdueMail := 0
		for _, m := range msgs {
			if strings.Contains(m.Subject, "not been discussed") {
				overdueMail++
				if m.Recipient != "ada@example.org" || strings.Contains(m.Body, "Robin") {
					t.Errorf("overdue mail %+v", m)
				}
			}
		}
		if overdueMail != 1 || n < 1 {
			t.Fatalf("%d overdue mails, %d queued", overdueMail, n)
		}
		n2, _ := f.db.SendGovernanceReminders(ctx, "https://fk.example")
		if n2 != 0 {
			t.Fatalf("second pass queued %d", n2)
		}
		// The therapist closes the item: the request shows as discussed.
		if _, err := f.db.CloseAgendaItem(ctx, f.t1, c.ID, r.AgendaItemID, "Talked it through; she understood why."); err != nil {
			t.Fatal(err)
		}
		got, err := f.db.FindSearchRequest(ctx, f.t1, r.ID)
		if err != nil || got.DiscussedAt == nil || got.Overdue || got.FollowUp() != "Discussed with the client" {
			t.Fatalf("after discussion %+v %v", got, err)
		}
		// The therapist's report holds only their own requests.
		if mine, _ := f.db.FindSearchRequests(ctx, f.t2, governance.SearchFilter{}); len(mine) != 0 {
			t.Fatalf("t2 sees %+v", mine)
		}
	})
}

func TestSearchRequestConsentAndApproval(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		publishSearchStance(t, f, "with_consent_or_crisis")
		c := newClient(t, f, f.t1)
		if _, err := f.db.RequestSearch(ctx, f.t1, governance.SearchInput{ClientID: c.ID, Scope: "LinkedIn profile"}); framekeeper.ErrorCode(err) != governance.CodeUnprocessable {
			t.Fatalf("no consent, no grounds: %v", err)
		}
		if err := f.db.RecordConsent(ctx, f.t1, &consent.Consent{ClientID: c.ID, Kind: consent.Search, Granted: true}); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("consent with no scope: %v", err)
		}
		cs := &consent.Consent{ClientID: c.ID, Kind: consent.Search, Granted: true, Scope: "public professional profiles"}
		if err := f.db.RecordConsent(ctx, f.t1, cs); err != nil {
			t.Fatal(err)
		}
		ic, err := f.db.IntakeConsents(ctx, c.ID)
		if err != nil || !ic.Search || !ic.Texting || !ic.Email {
			t.Fatalf("intake consents %+v %v", ic, err)
		}
		// Approval by a supervisor first, when the practice asks for it.
		if err := f.db.SaveGovernanceSettings(ctx, f.admin, governance.Settings{SupervisorApproval: true}); err != nil {
			t.Fatal(err)
		}
		r, err := f.db.RequestSearch(ctx, f.t1, governance.SearchInput{ClientID: c.ID, Scope: "LinkedIn profile"})
		if err != nil || r.Decision != "allow" || r.Status != governance.StatusAwaitingApproval || !r.Consent {
			t.Fatalf("consented request %+v %v", r, err)
		}
		if _, err := f.db.RecordSearchOutcome(ctx, f.t1, r.ID, governance.Outcome{LookedAt: "x", Found: "y"}); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("outcome before approval: %v", err)
		}
		if _, err := f.db.ApproveSearch(ctx, f.t1, r.ID, true, ""); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Fatalf("therapist approving: %v", err)
		}
		if r, err = f.db.ApproveSearch(ctx, f.admin, r.ID, true, "Fine."); err != nil || r.Status != governance.StatusApproved {
			t.Fatalf("approve %+v %v", r, err)
		}
		// A revoked consent: the default (no search) is back.
		if _, err := f.db.RevokeConsent(ctx, f.t1, c.ID, cs.ID, "Client withdrew it in session."); err != nil {
			t.Fatal(err)
		}
		if ic, _ := f.db.IntakeConsents(ctx, c.ID); ic.Search {
			t.Fatal("revoked consent still counts")
		}
		if _, err := f.db.RevokeConsent(ctx, f.t1, c.ID, cs.ID, ""); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("second revoke: %v", err)
		}
		// An explicit refusal of texts turns the default off.
		if err := f.db.RecordConsent(ctx, f.t1, &consent.Consent{ClientID: c.ID, Kind: consent.Texting, Granted: false, Scope: "no texts at all"}); err != nil {
			t.Fatal(err)
		}
		if ic, _ := f.db.IntakeConsents(ctx, c.ID); ic.Texting || !ic.Email {
			t.Fatalf("refusal: %+v", ic)
		}
		list, err := f.db.FindConsents(ctx, f.t1, c.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("consents %+v %v", list, err)
		}
		if _, err := f.db.FindConsents(ctx, f.desk, c.ID); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Fatalf("front desk: %v", err)
		}
	})
}

func TestTemplatesAndSelfAudit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.db.SaveSetting(ctx, f.admin, "triage", map[string]any{"redirect_replies": true}); err != nil {
			t.Fatal(err)
		}
		_, err := f.db.SaveTemplate(ctx, f.admin, governance.NoticeAppointmentReminder, "See you tomorrow! If you like our work, please leave us a review on Yelp.")
		if framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("review-asking reminder saved: %v", err)
		}
		if _, err := f.db.SaveTemplate(ctx, f.t1, "client.email_redirect", "Please {contact}."); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Fatalf("therapist saving: %v", err)
		}
		if _, err := f.db.SaveTemplate(ctx, f.admin, "client.email_redirect", "We don't answer email here. Please {contact}. {crisis}"); err != nil {
			t.Fatal(err)
		}
		ts, redirect, err := f.db.Templates(ctx)
		if err != nil || !redirect {
			t.Fatalf("templates: redirect %v %v", redirect, err)
		}
		for _, tp := range ts {
			if tp.Name == "client.email_redirect" && (!tp.Custom || !strings.HasPrefix(tp.Text, "We don't answer")) {
				t.Errorf("saved template %+v", tp)
			}
			if tp.Name == governance.NoticeAppointmentReminder && tp.Custom {
				t.Errorf("refused reminder stored: %+v", tp)
			}
		}

		clock := time.Now().UTC()
		f.db.Now = func() time.Time { return clock }
		st, err := f.db.SelfAuditStatus(ctx, f.admin)
		if err != nil || len(st) != 3 { // two therapists and the admin asking
			t.Fatalf("status %+v %v", st, err)
		}
		if _, err := f.db.SendGovernanceReminders(ctx, "https://fk.example"); err != nil {
			t.Fatal(err)
		}
		all := map[string]bool{}
		for _, it := range governance.Checklist() {
			all[it.ID] = true
		}
		if err := f.db.CompleteSelfAudit(ctx, f.t1, &governance.SelfAudit{Items: map[string]bool{"privacy_settings": true}}); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("partial audit: %v", err)
		}
		if err := f.db.CompleteSelfAudit(ctx, f.t1, &governance.SelfAudit{Items: all}); err != nil {
			t.Fatal(err)
		}
		mine, err := f.db.SelfAuditStatus(ctx, f.t1)
		if err != nil || len(mine) != 1 || mine[0].LastCompleted == nil || mine[0].Overdue {
			t.Fatalf("after audit %+v %v", mine, err)
		}
		if want := clock.Add(91 * 24 * time.Hour); mine[0].NextDue.Sub(want).Abs() > time.Second {
			t.Errorf("next due %v, want %v", mine[0].NextDue, want)
		}
		msgs, _ := f.db.FindOutbox(ctx, "", 50)
		reminded := map[string]int{}
		for _, m := range msgs {
			if strings.Contains(m.Subject, "self-audit") {
				reminded[m.Recipient]++
			}
		}
		if reminded["tess@example.org"] != 1 || reminded["theo@example.org"] != 1 || reminded["dana@example.org"] != 0 {
			t.Fatalf("reminders %v", reminded)
		}
		// Next quarter: only a new due date brings a new reminder.
		clock = clock.Add(88 * 24 * time.Hour)
		if n, _ := f.db.SendGovernanceReminders(ctx, "https://fk.example"); n != 1 {
			t.Fatalf("quarter later queued %d", n)
		}
	})
}
