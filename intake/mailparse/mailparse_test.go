package mailparse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustParse(tb testing.TB, name string) Message {
	tb.Helper()
	m, err := Parse(bytes.NewReader(mustRead(tb, name)), 0)
	if err != nil {
		tb.Fatalf("Parse(%s): %v", name, err)
	}
	return m
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestParseAlternative(t *testing.T) {
	m := mustParse(t, "alternative.eml")
	checks := []struct {
		field     string
		got, want any
	}{
		{"MessageID", m.MessageID, "CAF=abc123.XyZ@mail.example.net"},
		{"InReplyTo", m.InReplyTo, []string{"20240610.office.7731@harborcounseling.example"}},
		{"References", m.References, []string{"20240609.first@harborcounseling.example", "20240610.office.7731@harborcounseling.example"}},
		{"From", m.From, Address{Name: "Avery, Jordan", Address: "Jordan.Avery@Example.net"}},
		{"To", m.To, []Address{{Name: "Harbor Counseling", Address: "office@harborcounseling.example"}}},
		{"Cc", m.Cc, []Address{{Address: "dr.reyes@harborcounseling.example"}}},
		{"Subject", m.Subject, "Re: Rescheduling Thursday"},
		{"Date", m.Date.UTC(), time.Date(2024, 6, 11, 16, 13, 58, 0, time.UTC)},
		{"Text", m.Text, "Hi,\n\nCould we move Thursday’s session to 3\u00a0pm? I can’t make the morning.\n\nThanks,\nJordan"},
		{"HTML", m.HTML, false},
		{"Attachments", len(m.Attachments), 0},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if auto, why := m.IsAutomatic(); auto {
		t.Errorf("a person's reply was taken as automatic: %s", why)
	}
}

func TestParseCharsets(t *testing.T) {
	tests := []struct {
		file, subject, from, text string
	}{
		{"latin1.eml", "Réservation annulée", "Hélène François",
			"Bonjour,\n\nJe dois annuler la séance de mercredi. Désolée !\n\nHélène"},
		{"cp1252.eml", "Can’t make it", "Pat Quinn", "I can’t make it – sorry. € 20 for the late fee?"},
	}
	for _, tt := range tests {
		m := mustParse(t, tt.file)
		if m.Subject != tt.subject {
			t.Errorf("%s: Subject = %q, want %q", tt.file, m.Subject, tt.subject)
		}
		if m.From.Name != tt.from {
			t.Errorf("%s: From.Name = %q, want %q", tt.file, m.From.Name, tt.from)
		}
		if m.Text != tt.text {
			t.Errorf("%s: Text = %q, want %q", tt.file, m.Text, tt.text)
		}
	}
}

func TestParseAttachments(t *testing.T) {
	m := mustParse(t, "attachment.eml")
	if want := "Attached is my completed intake form.\nSam"; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	pdf, png := mustRead(t, "attachment.pdf.bin"), mustRead(t, "attachment.png.bin")
	want := []Attachment{
		{Filename: "logo.png", ContentType: "image/png", Size: int64(len(png)), SHA256: sum(png), Inline: true},
		{Filename: "Formulaire d’admission – Sam.pdf", ContentType: "application/pdf", Size: int64(len(pdf)), SHA256: sum(pdf)},
	}
	if !reflect.DeepEqual(m.Attachments, want) {
		t.Errorf("Attachments:\ngot  %+v\nwant %+v", m.Attachments, want)
	}
}

func TestParseHTMLOnly(t *testing.T) {
	m := mustParse(t, "html_only.eml")
	want := "Hello there\n\nI wanted to say thank you for the session.\n\n- First point\n- Second point\n\nBest,\nRiley"
	if m.Text != want {
		t.Errorf("Text = %q\nwant   %q", m.Text, want)
	}
	if !m.HTML {
		t.Error("HTML = false for an HTML-only message")
	}
	for _, bad := range []string{"tracking", "not text", "color", "Preheader", "Newsletter", "<"} {
		if strings.Contains(m.Text, bad) {
			t.Errorf("Text contains %q: %q", bad, m.Text)
		}
	}
}

func TestIsAutomatic(t *testing.T) {
	tests := []struct {
		file string
		auto bool
		why  string
	}{
		{"alternative.eml", false, ""},
		{"latin1.eml", false, ""},
		{"attachment.eml", false, ""},
		{"autoreply.eml", true, "Auto-Submitted: auto-replied"},
		{"bounce.eml", true, "Auto-Submitted: auto-replied"},
		{"list.eml", true, "Precedence: bulk"},
	}
	for _, tt := range tests {
		auto, why := mustParse(t, tt.file).IsAutomatic()
		if auto != tt.auto || why != tt.why {
			t.Errorf("%s: IsAutomatic = %v, %q; want %v, %q", tt.file, auto, why, tt.auto, tt.why)
		}
	}
}

func TestIsAutomaticEachSignal(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"auto-submitted no", Message{AutoSubmitted: "no"}, ""},
		{"auto-generated with comment", Message{AutoSubmitted: "Auto-Generated; owner-email=x@y"}, "Auto-Submitted: auto-generated"},
		{"precedence list", Message{Precedence: "LIST"}, "Precedence: list"},
		{"precedence junk", Message{Precedence: "junk"}, "Precedence: junk"},
		{"precedence first-class", Message{Precedence: "first-class"}, ""},
		{"empty return path", Message{ReturnPathEmpty: true}, "empty Return-Path (a bounce)"},
		{"mailer-daemon", Message{From: Address{Address: "MAILER-DAEMON@mx.example"}}, "sent by mailer-daemon"},
		{"postmaster", Message{From: Address{Address: "postmaster@outlook.example"}}, "sent by postmaster"},
		{"report", Message{ContentType: "multipart/report", ReportType: "delivery-status"}, "delivery or disposition report (delivery-status)"},
		{"list-id", Message{ListID: "<a.b>"}, "mailing list (List-Id)"},
		{"list-unsubscribe", Message{ListUnsubscribe: "<mailto:u@x>"}, "mailing list (List-Unsubscribe)"},
		{"exchange", Message{XAutoResponseSuppress: "All"}, "X-Auto-Response-Suppress: All"},
		{"x-autoreply", Message{XAutoreply: "yes"}, "X-Autoreply"},
		{"person", Message{From: Address{Address: "daemon.fan@example.com"}}, ""},
	}
	for _, tt := range tests {
		auto, why := tt.m.IsAutomatic()
		if auto != (tt.want != "") || why != tt.want {
			t.Errorf("%s: IsAutomatic = %v, %q; want %q", tt.name, auto, why, tt.want)
		}
	}
}

func TestParseBounce(t *testing.T) {
	m := mustParse(t, "bounce.eml")
	if !m.ReturnPathEmpty {
		t.Error("ReturnPathEmpty = false for Return-Path: <>")
	}
	if m.ContentType != "multipart/report" || m.ReportType != "delivery-status" {
		t.Errorf("ContentType, ReportType = %q, %q", m.ContentType, m.ReportType)
	}
	if !strings.Contains(m.Text, "550 5.1.1 User unknown") || strings.Contains(m.Text, "MIME-encapsulated") {
		t.Errorf("Text = %q, want the notification only", m.Text)
	}
	var types []string
	for _, a := range m.Attachments {
		types = append(types, a.ContentType)
	}
	if want := []string{"message/delivery-status", "text/rfc822-headers"}; !reflect.DeepEqual(types, want) {
		t.Errorf("attachment types = %v, want %v", types, want)
	}
}

func TestToInteraction(t *testing.T) {
	m := mustParse(t, "alternative.eml")
	got := ToInteraction(m)
	want := triage.Interaction{
		ID: "CAF=abc123.XyZ@mail.example.net", Kind: triage.Email, Channel: triage.ChannelEmail,
		From: triage.Sender{Name: "Avery, Jordan", Email: "jordan.avery@example.net"},
		To:   "office@harborcounseling.example",
		Text: "Re: Rescheduling Thursday\n\n" + m.Text,
		At:   m.Date,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Without a Message-ID the raw digest stands in, so redelivery is still
	// recognised.
	raw := []byte("From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n")
	m2, err := Parse(bytes.NewReader(raw), 0)
	if err != nil {
		t.Fatal(err)
	}
	if id := ToInteraction(m2).ID; id != "sha256:"+sum(raw) {
		t.Errorf("ID without Message-ID = %q, want the raw digest", id)
	}
}

func TestParseLimitsAndErrors(t *testing.T) {
	big := mustRead(t, "alternative.eml")
	_, err := Parse(bytes.NewReader(big), int64(len(big)-1))
	if framekeeper.ErrorCode(err) != framekeeper.ETOOLARGE {
		t.Errorf("over the limit: err = %v, want too_large", err)
	}
	if _, err := Parse(bytes.NewReader(big), int64(len(big))); err != nil {
		t.Errorf("at the limit: err = %v", err)
	}
	for _, tt := range []struct{ name, data string }{
		{"empty", ""},
		{"no header", "\r\nJust a body\r\n"},
		{"not mail", "X-Foo: bar\r\n\r\nhello"},
		{"binary", "\x00\x01\x02\x03"},
	} {
		if _, err := Parse(strings.NewReader(tt.data), 0); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("%s: err = %v, want invalid", tt.name, err)
		}
	}
}

func TestParseSloppyHeaders(t *testing.T) {
	raw := "From: Jo Smith jo@example.com\r\nTo: office@harborcounseling.example\r\nMessage-ID: no-brackets@example.com\r\n" +
		"In-Reply-To: Your message of Monday <orig@example.com>\r\nSubject: =?utf-8?B?bm90IGJhc2U2NA?=\r\nDate: yesterday\r\n" +
		"Content-Type: text/plain; charset=x-klingon\r\n\r\nQapla'\r\n"
	m, err := Parse(strings.NewReader(raw), 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != "no-brackets@example.com" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if !reflect.DeepEqual(m.InReplyTo, []string{"orig@example.com"}) {
		t.Errorf("InReplyTo = %q", m.InReplyTo)
	}
	if m.From.Name == "" && m.From.Address == "" {
		t.Error("a sloppy From was lost")
	}
	if !m.Date.IsZero() {
		t.Errorf("Date = %v, want zero for an unreadable date", m.Date)
	}
	if m.Text != "Qapla'" {
		t.Errorf("Text in an unknown charset = %q, want it as sent", m.Text)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>a</p><p>b</p>", "a\n\nb"},
		{"x<br>y<br/>z", "x\ny\nz"},
		{"<table><tr><td>Name</td><td>Sam</td></tr><tr><td>Time</td><td>3pm</td></tr></table>", "Name Sam\n\nTime 3pm"},
		{"<style>a{}</style><noscript>enable js</noscript>ok", "ok"},
		{"<p hidden>secret</p>shown", "shown"},
		{"a &amp; b &lt;c&gt;", "a & b <c>"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"alternative.eml", "latin1.eml", "cp1252.eml", "attachment.eml", "html_only.eml", "autoreply.eml", "bounce.eml", "list.eml"} {
		f.Add(mustRead(f, name))
	}
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n"))
	f.Add([]byte("Subject: x\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(bytes.NewReader(raw), 1<<20)
		if err != nil {
			code := framekeeper.ErrorCode(err)
			if code != framekeeper.EINVALID && code != framekeeper.ETOOLARGE {
				t.Fatalf("error without an application code: %v", err)
			}
			return
		}
		for _, s := range []string{m.Text, m.Subject, m.From.Name, m.From.Address, m.MessageID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		in := ToInteraction(m)
		if in.ID == "" || in.Kind != triage.Email {
			t.Fatalf("interaction without an id: %+v", in)
		}
		m.IsAutomatic()
	})
}
