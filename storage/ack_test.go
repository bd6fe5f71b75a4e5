package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage"
)

// fakePDF stands in for the renderer: storage only stores what it returns.
func fakePDF(ev ack.Evidence) ([]byte, error) {
	var names []string
	for _, s := range ev.Ack.Signers {
		names = append(names, s.SignedName)
	}
	return []byte("%PDF-1.4 " + strings.Join(names, ",") + " " + ev.Ack.DocumentSHA256 + "\n%%EOF"), nil
}

func publishVersion(t *testing.T, f *fixture, texting policy.Stance, summary string) policy.Published {
	t.Helper()
	tmpl, _ := policy.TemplateByID(policy.TemplateComprehensive)
	p := tmpl.Policy.Clone()
	p.Profile.PracticeName = "Harbor Counseling"
	p.Stances[policy.Texting] = texting
	v, err := f.db.Policies().Publish(context.Background(), f.admin, p, summary, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func tokenOf(t *testing.T, url string) string {
	t.Helper()
	i := strings.Index(url, "/sign/")
	if i < 0 {
		t.Fatalf("sign url %q has no /sign/", url)
	}
	return url[i+len("/sign/"):]
}

func TestAcknowledgmentLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		acks := f.db.Acks(func() string { return "https://practice.example" }, fakePDF)
		c := &framekeeper.Client{Name: "Zoë Ångström", Status: "current", TherapistID: f.t1.StaffID,
			Identities: []framekeeper.Identity{{Kind: "email", Value: "zoe@example.com"}}}
		if err := f.db.CreateClient(ctx, f.admin, c); err != nil {
			t.Fatal(err)
		}
		if _, err := acks.Request(ctx, f.admin, c.ID, ack.Request{}); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("request before any version: %v, want conflict", err)
		}
		v1 := publishVersion(t, f, "not_used", "First version.")

		// Another therapist cannot see or ask this client.
		if _, err := acks.Request(ctx, f.t2, c.ID, ack.Request{}); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Fatalf("other therapist: %v, want not_found", err)
		}
		bad := ack.Request{Signers: []ack.SignerInput{{Name: " ", Email: "x@example.com"}}}
		if _, err := acks.Request(ctx, f.t1, c.ID, bad); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("blank signer name: %v", err)
		}
		a, err := acks.Request(ctx, f.t1, c.ID, ack.Request{Signers: []ack.SignerInput{
			{Name: "Zoë Ångström", Email: "Zoe@Example.com"}, {Name: "Sam Ångström", Email: "sam@example.com"}}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != ack.StatusPending || len(a.Signers) != 2 || a.PolicyVersion != v1.Number || a.DocumentSHA256 != ack.DocumentHash(v1.Document) {
			t.Fatalf("request = %+v", a)
		}
		for _, s := range a.Signers {
			if !strings.HasPrefix(s.SignURL, "https://practice.example/sign/fks_") || s.Delivery != "email" {
				t.Errorf("signer %+v", s)
			}
		}
		outbox, _ := f.db.FindOutbox(ctx, "", 10)
		if len(outbox) != 2 || !strings.Contains(outbox[0].Body, "/sign/") {
			t.Fatalf("outbox = %+v", outbox)
		}
		t1, t2 := tokenOf(t, a.Signers[0].SignURL), tokenOf(t, a.Signers[1].SignURL)

		// Unknown and malformed links.
		for _, tok := range []string{"", "nope", "fks_" + strings.Repeat("A", 43), t1 + "x"} {
			_, err := acks.Open(ctx, tok, "10.0.0.9", "test")
			var le *ack.LinkError
			if !errors.As(err, &le) || le.Reason != ack.LinkUnknown {
				t.Errorf("open %q: %v, want unknown link", tok, err)
			}
		}
		v, err := acks.Open(ctx, t1, "10.0.0.1", "Browser/1")
		if err != nil || v.SignerName != "Zoë Ångström" || v.PolicyVersion != 1 {
			t.Fatalf("open = %+v, %v", v, err)
		}
		// No consent: refused, nothing written.
		if _, err := acks.Sign(ctx, t1, ack.Signature{TypedName: "Zoë Ångström", Intent: true}); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("sign without consent: %v", err)
		}
		if _, err := acks.Sign(ctx, t1, ack.Signature{TypedName: "Zoë Ångström", Consent: true}); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("sign without intent: %v", err)
		}
		got, _ := acks.ByID(ctx, f.t1, a.ID)
		if got.Signers[0].Status != ack.SignerPending {
			t.Fatalf("refused signature left signer %s", got.Signers[0].Status)
		}
		if _, err := acks.Sign(ctx, t1, ack.Signature{TypedName: "Zoë Ångström", Consent: true, Intent: true, Questions: "Can I text to cancel?", IP: "10.0.0.1", UserAgent: "Browser/1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := acks.Sign(ctx, t1, ack.Signature{TypedName: "Again", Consent: true, Intent: true}); !isLink(err, ack.LinkUsed) {
			t.Fatalf("second signature with the same link: %v", err)
		}
		if _, err := acks.Countersign(ctx, f.t1, a.ID, "", ""); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("countersign before all signed: %v", err)
		}
		if _, err := acks.Sign(ctx, t2, ack.Signature{TypedName: "Sam Ångström", Consent: true, Intent: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := acks.Countersign(ctx, f.desk, a.ID, "", ""); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Fatalf("front desk countersigns: %v", err)
		}
		done, err := acks.Countersign(ctx, f.t1, a.ID, "10.0.0.2", "Console")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != ack.StatusSigned || done.CountersignedBy != f.t1.Name || done.SignedPDFSHA256 == "" {
			t.Fatalf("after countersign: %+v", done)
		}
		kinds := map[string]int{}
		for _, e := range done.Events {
			kinds[e.Kind]++
		}
		for k, n := range map[string]int{"created": 1, "sent": 2, "opened": 1, "signed": 2, "questions": 1, "countersigned": 1, "completed": 1} {
			if kinds[k] != n {
				t.Errorf("%d %s events, want %d (all: %v)", kinds[k], k, n, kinds)
			}
		}
		pdf, err := acks.SignedPDF(ctx, f.t1, a.ID)
		if err != nil || !strings.Contains(string(pdf), "Zoë Ångström,Sam Ångström "+a.DocumentSHA256) {
			t.Fatalf("signed pdf %q, %v", pdf, err)
		}
		chart, _ := f.db.FindRecords(ctx, f.t1, c.ID)
		if n := len(chart); n == 0 || chart[n-1].Kind != "acknowledgment" || !strings.Contains(chart[n-1].Text, a.DocumentSHA256) {
			t.Fatalf("chart = %+v", chart)
		}
		agenda, _ := f.db.FindAgenda(ctx, f.t1, c.ID, false)
		if len(agenda) != 1 || !strings.Contains(agenda[0].Text, "Can I text to cancel?") {
			t.Fatalf("agenda = %+v", agenda)
		}
		rep, _ := acks.Status(ctx, f.admin)
		if rep.Counts[ack.StatusSigned] != 1 {
			t.Errorf("report %+v", rep)
		}

		// A second client asked but not signing, and a former client who
		// signed: version 2 asks the current ones again, not the former.
		c2 := &framekeeper.Client{Name: "Pat Pending", Status: "current", Identities: []framekeeper.Identity{{Kind: "email", Value: "pat@example.com"}}}
		c3 := &framekeeper.Client{Name: "Fay Former", Status: "current", Identities: []framekeeper.Identity{{Kind: "email", Value: "fay@example.com"}}}
		for _, x := range []*framekeeper.Client{c2, c3} {
			if err := f.db.CreateClient(ctx, f.admin, x); err != nil {
				t.Fatal(err)
			}
		}
		p2, _ := acks.Request(ctx, f.admin, c2.ID, ack.Request{})
		p3, _ := acks.Request(ctx, f.admin, c3.ID, ack.Request{})
		if _, err := acks.Sign(ctx, tokenOf(t, p3.Signers[0].SignURL), ack.Signature{TypedName: "Fay Former", Consent: true, Intent: true}); err != nil {
			t.Fatal(err)
		}
		former := framekeeper.StatusFormer
		if _, err := f.db.UpdateClient(ctx, f.admin, c3.ID, framekeeper.ClientUpdate{Status: &former}); err != nil {
			t.Fatal(err)
		}
		publishVersion(t, f, "administrative_only", "Texts are now for scheduling.")
		list, _ := acks.ForClient(ctx, f.admin, c.ID)
		if len(list) != 2 || list[0].PolicyVersion != 2 || list[0].Status != ack.StatusPending || list[1].Status != ack.StatusNeedsReack {
			t.Fatalf("after version 2: %+v", list)
		}
		if !strings.Contains(list[0].ChangeSummary, "Texts are now for scheduling.") || !strings.Contains(list[0].ChangeSummary, "version 2") {
			t.Errorf("change summary %q", list[0].ChangeSummary)
		}
		if _, err := acks.Open(ctx, tokenOf(t, p2.Signers[0].SignURL), "", ""); !isLink(err, ack.LinkRevoked) {
			t.Errorf("old pending link after version 2: %v", err)
		}
		if fl, _ := acks.ForClient(ctx, f.admin, c3.ID); len(fl) != 1 || fl[0].Status != ack.StatusSigned {
			t.Errorf("former client's acknowledgments: %+v", fl)
		}
		rep, _ = acks.Status(ctx, f.admin)
		if rep.PolicyVersion != 2 || rep.Counts[ack.StatusNeedsReack] != 1 || rep.Counts[ack.StatusPending] != 1 {
			t.Errorf("report after version 2: %+v", rep.Counts)
		}
		// The worker sends the notices: one per signer of the client, and
		// one for the pending client.
		before, _ := f.db.FindOutbox(ctx, "", 100)
		n, err := acks.RunPass(ctx)
		if err != nil || n != 3 {
			t.Fatalf("pass sent %d, %v; want 3", n, err)
		}
		after, _ := f.db.FindOutbox(ctx, "", 100)
		if len(after)-len(before) != 3 || !strings.Contains(after[0].Body, "Texts are now for scheduling.") {
			t.Fatalf("notices: %d new; newest %q", len(after)-len(before), after[0].Body)
		}
		if n, _ := acks.RunPass(ctx); n != 0 {
			t.Errorf("second pass did %d, want 0", n)
		}
		// Expiry and reminders with a clock moved on.
		f.db.Now = func() time.Time { return time.Now().Add(4 * 24 * time.Hour) }
		if n, _ := acks.RunPass(ctx); n != 3 {
			t.Errorf("reminders after 4 days: %d, want 3", n)
		}
		f.db.Now = func() time.Time { return time.Now().Add(15 * 24 * time.Hour) }
		if n, _ := acks.RunPass(ctx); n != 2 {
			t.Errorf("expiries after 15 days: %d, want 2", n)
		}
		list, _ = acks.ForClient(ctx, f.admin, c.ID)
		if list[0].Status != ack.StatusExpired {
			t.Errorf("after 15 days: %s", list[0].Status)
		}
	})
}

func isLink(err error, reason string) bool {
	var le *ack.LinkError
	return errors.As(err, &le) && le.Reason == reason
}

func TestPaperAcknowledgment(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		acks := f.db.Acks(func() string { return "http://x" }, fakePDF)
		publishVersion(t, f, "not_used", "First.")
		c := &framekeeper.Client{Name: "Lee Letter", Status: "current"}
		if err := f.db.CreateClient(ctx, f.t1, c); err != nil {
			t.Fatal(err)
		}
		a, err := acks.Request(ctx, f.t1, c.ID, ack.Request{})
		if err != nil || a.Signers[0].Delivery != ack.DeliveryLetter {
			t.Fatalf("request without email: %+v %v", a, err)
		}
		letters, err := acks.Letters(ctx, f.t1)
		if err != nil || len(letters) != 1 || letters[0].SignerName != "Lee Letter" {
			t.Fatalf("letters = %+v, %v", letters, err)
		}
		if again, _ := acks.Letters(ctx, f.t1); len(again) != 0 {
			t.Errorf("letters printed twice")
		}
		png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"), make([]byte, 8)...)
		png = append(png, "\x00\x00\x00\x00IEND\xae\x42\x60\x82"...)
		p := ack.PaperRecord{Signers: []string{"Lee Letter"}, SignedOn: time.Now(), Scan: []byte("<html>"), Attested: true}
		if _, err := acks.RecordPaper(ctx, f.t1, c.ID, p); framekeeper.ErrorCode(err) != framekeeper.EUNSUPPORTED {
			t.Fatalf("html scan: %v", err)
		}
		p.Scan, p.Attested = png, false
		if _, err := acks.RecordPaper(ctx, f.t1, c.ID, p); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("no attestation: %v", err)
		}
		p.Attested = true
		pa, err := acks.RecordPaper(ctx, f.t1, c.ID, p)
		if err != nil || pa.Method != ack.MethodPaper || pa.Status != ack.StatusSigned || pa.ScanType != ack.ScanPNG {
			t.Fatalf("paper = %+v, %v", pa, err)
		}
		list, _ := acks.ForClient(ctx, f.t1, c.ID)
		if len(list) != 2 || list[1].Status != ack.StatusRevoked {
			t.Errorf("electronic request not withdrawn: %+v", list)
		}
		scan, typ, err := acks.Scan(ctx, f.t1, pa.ID)
		if err != nil || typ != ack.ScanPNG || string(scan) != string(png) {
			t.Errorf("scan %q %v", typ, err)
		}
		if _, err := acks.Countersign(ctx, f.t1, pa.ID, "", ""); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Errorf("countersigning paper: %v", err)
		}
		if _, _, err := f.db.VerifyRecords(ctx); err != nil {
			t.Fatal(err)
		}
		var _ *storage.AckStore = acks
	})
}
