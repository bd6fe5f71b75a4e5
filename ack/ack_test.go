package ack

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
)

func TestRequestValidate(t *testing.T) {
	r := Request{Signers: []SignerInput{{Name: "  Zoë   Ångström ", Email: "Zoë <ZOE@Example.com>"}, {Name: "Sam"}}}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Signers[0], (SignerInput{Name: "Zoë Ångström", Email: "zoe@example.com"}); got != want {
		t.Errorf("signer = %+v, want %+v", got, want)
	}
	if r.TTL != DefaultTTL || DeliveryFor(r.Signers[1].Email) != DeliveryLetter {
		t.Errorf("ttl %v, delivery %s", r.TTL, DeliveryFor(r.Signers[1].Email))
	}
	for name, bad := range map[string]Request{
		"blank name":  {Signers: []SignerInput{{Name: "  "}}},
		"bad email":   {Signers: []SignerInput{{Name: "A", Email: "not an address"}}},
		"twice":       {Signers: []SignerInput{{Name: "A", Email: "a@x.org"}, {Name: "a", Email: "A@x.org"}}},
		"too many":    {Signers: make([]SignerInput, MaxSigners+1)},
		"short ttl":   {Signers: []SignerInput{{Name: "A"}}, TTL: time.Minute},
		"long name":   {Signers: []SignerInput{{Name: strings.Repeat("x", 201)}}},
		"invalid utf": {Signers: []SignerInput{{Name: "\xff"}}},
	} {
		if err := bad.Validate(); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestSignatureValidate(t *testing.T) {
	for _, tc := range []struct {
		sig    Signature
		fields []string
	}{
		{Signature{TypedName: "Zoë", Consent: true, Intent: true}, nil},
		{Signature{TypedName: "Zoë", Intent: true}, []string{"consent"}},
		{Signature{TypedName: "Zoë", Consent: true}, []string{"intent"}},
		{Signature{Consent: true, Intent: true}, []string{"typed_name"}},
		{Signature{TypedName: "Z", Consent: true, Intent: true, Questions: strings.Repeat("?", MaxQuestions+1)}, []string{"questions"}},
	} {
		err := tc.sig.Validate()
		if tc.fields == nil {
			if err != nil {
				t.Errorf("%+v: %v", tc.sig, err)
			}
			continue
		}
		e, ok := err.(*framekeeper.Error)
		if !ok {
			t.Fatalf("%+v: %v, want an invalid error", tc.sig, err)
		}
		for _, f := range tc.fields {
			if e.Fields[f] == "" {
				t.Errorf("%+v: no message for %s (%v)", tc.sig, f, e.Fields)
			}
		}
	}
}

func TestValidToken(t *testing.T) {
	good := TokenPrefix + strings.Repeat("aZ0-_", 8) + "abc"
	if !ValidToken(good) {
		t.Errorf("%q refused", good)
	}
	for _, bad := range []string{"", TokenPrefix, good + "a", good[:len(good)-1], "fk_" + good[4:], strings.Replace(good, "a", "=", 1), strings.Replace(good, "a", "/", 1)} {
		if ValidToken(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestReminderDue(t *testing.T) {
	sent := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	exp := sent.Add(DefaultTTL)
	for _, tc := range []struct {
		after     time.Duration
		reminders int
		want      bool
	}{
		{2 * 24 * time.Hour, 0, false},
		{3 * 24 * time.Hour, 0, true},
		{5 * 24 * time.Hour, 1, false},
		{6 * 24 * time.Hour, 1, true},
		{13 * 24 * time.Hour, 2, true},
		{13 * 24 * time.Hour, MaxReminders, false},
		{15 * 24 * time.Hour, 0, false}, // expired
	} {
		if got := ReminderDue(sent, tc.reminders, exp, sent.Add(tc.after)); got != tc.want {
			t.Errorf("after %v with %d reminders: %v, want %v", tc.after, tc.reminders, got, tc.want)
		}
	}
}

func TestStateOf(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	counter := now.Add(-day)
	signed := Acknowledgment{ID: "s1", PolicyVersion: 1, Status: StatusSigned, Method: MethodElectronic, CreatedAt: now.Add(-30 * day), ExpiresAt: now, CountersignedAt: &counter}
	old := signed
	old.Status = StatusNeedsReack
	pending2 := Acknowledgment{ID: "p2", PolicyVersion: 2, Status: StatusPending, CreatedAt: now.Add(-8 * day), ExpiresAt: now.Add(6 * day)}
	lapsed2 := pending2
	lapsed2.ExpiresAt = now.Add(-time.Hour)
	fresh2 := pending2
	fresh2.CreatedAt = now.Add(-day)
	signed2 := Acknowledgment{ID: "s2", PolicyVersion: 2, Status: StatusSigned, Method: MethodElectronic, CreatedAt: now.Add(-2 * day), ExpiresAt: now}
	for _, tc := range []struct {
		name    string
		current int
		acks    []Acknowledgment
		want    Status
		overdue bool
		counter bool
	}{
		{"nothing", 2, nil, StatusMissing, false, false},
		{"signed current", 1, []Acknowledgment{signed}, StatusSigned, false, false},
		{"signed older", 2, []Acknowledgment{old, fresh2}, StatusNeedsReack, false, false},
		{"signed older, request a week old", 2, []Acknowledgment{old, pending2}, StatusNeedsReack, true, false},
		{"pending fresh", 2, []Acknowledgment{fresh2}, StatusPending, false, false},
		{"pending overdue", 2, []Acknowledgment{pending2}, StatusPending, true, false},
		{"lapsed", 2, []Acknowledgment{lapsed2}, StatusExpired, true, false},
		{"signed current, no countersignature", 2, []Acknowledgment{old, signed2}, StatusSigned, false, true},
	} {
		st := StateOf(tc.current, tc.acks, now)
		if st.Status != tc.want || st.Overdue != tc.overdue || st.AwaitingCounter != tc.counter {
			t.Errorf("%s: %s overdue=%v counter=%v; want %s %v %v", tc.name, st.Status, st.Overdue, st.AwaitingCounter, tc.want, tc.overdue, tc.counter)
		}
	}
}

func TestInvitationEmail(t *testing.T) {
	exp := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	subj, body := Invitation{Practice: "Harbor Lane", SignerName: "Zoë", URL: "https://x/sign/fks_abc", ExpiresAt: exp, Version: 3}.Email()
	if !strings.Contains(subj, "Harbor Lane") || !strings.Contains(body, "https://x/sign/fks_abc") || !strings.Contains(body, "June 15, 2025") || !strings.Contains(body, "Dear Zoë") {
		t.Errorf("invitation %q\n%s", subj, body)
	}
	subj, body = Invitation{Practice: "Harbor Lane", SignerName: "Zoë", URL: "u", ExpiresAt: exp, Version: 4, Summary: "- We now text."}.Email()
	if !strings.Contains(subj, "changed") || !strings.Contains(body, "- We now text.") || !strings.Contains(body, "in writing") {
		t.Errorf("notice %q\n%s", subj, body)
	}
}

func minimalPNG() []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x02\x00\x00\x00\x00\x00\x00\x00")
	return append(b, "\x00\x00\x00\x00IEND\xae\x42\x60\x82"...)
}

func TestSniffScan(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{1}, 20)...)
	jpeg = append(jpeg, 0xFF, 0xD9)
	for _, tc := range []struct {
		name string
		b    []byte
		want string
		code string
	}{
		{"pdf", pdf, ScanPDF, ""},
		{"png", minimalPNG(), ScanPNG, ""},
		{"jpeg", jpeg, ScanJPEG, ""},
		{"empty", nil, "", framekeeper.EINVALID},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), "", framekeeper.EUNSUPPORTED},
		{"pdf without end", pdf[:20], "", framekeeper.EUNSUPPORTED},
		{"truncated png", minimalPNG()[:30], "", framekeeper.EUNSUPPORTED},
		{"jpeg without end", jpeg[:len(jpeg)-2], "", framekeeper.EUNSUPPORTED},
		{"too large", append(pdf, make([]byte, MaxScanSize)...), "", framekeeper.ETOOLARGE},
	} {
		got, err := SniffScan(tc.b)
		if got != tc.want || framekeeper.ErrorCode(err) != tc.code {
			t.Errorf("%s: %q %v, want %q %s", tc.name, got, err, tc.want, tc.code)
		}
	}
}

// FuzzSniffScan: never panics, and whatever it accepts starts with the
// magic of the type it names.
func FuzzSniffScan(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n%%EOF"))
	f.Add(minimalPNG())
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9})
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, err := SniffScan(b)
		if err != nil {
			if typ != "" {
				t.Fatalf("type %q with error %v", typ, err)
			}
			return
		}
		magic := map[string]string{ScanPDF: "%PDF-", ScanPNG: "\x89PNG\r\n\x1a\n", ScanJPEG: "\xff\xd8\xff"}[typ]
		if magic == "" || !bytes.HasPrefix(b, []byte(magic)) {
			t.Fatalf("accepted %q as %q", b[:min(len(b), 16)], typ)
		}
	})
}

// FuzzValidToken: only the prefix and 43 base64url characters pass.
func FuzzValidToken(f *testing.F) {
	f.Add(TokenPrefix + strings.Repeat("a", 43))
	f.Add("fks_")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidToken(s) {
			return
		}
		if len(s) != len(TokenPrefix)+43 || !strings.HasPrefix(s, TokenPrefix) || strings.ContainsAny(s[4:], "=/+ \n") {
			t.Fatalf("accepted %q", s)
		}
	})
}
