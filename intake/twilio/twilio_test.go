package twilio

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper/triage"
)

// Twilio's documented example (Security, "Validating Signatures").
const (
	docToken = "12345"
	docURL   = "https://mycompany.com/myapp.php?foo=1&bar=2"
	docSig   = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
)

func docForm() url.Values {
	return url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {"+14158675309"},
		"Digits":  {"1234"},
		"From":    {"+14158675309"},
		"To":      {"+18005551212"},
	}
}

func TestSignatureDocumentedExample(t *testing.T) {
	if got := Signature(docToken, docURL, docForm()); got != docSig {
		t.Fatalf("Signature = %q, want %q", got, docSig)
	}
	if !ValidateSignature(docToken, docURL, docForm(), docSig) {
		t.Fatal("ValidateSignature rejected Twilio's documented example")
	}
}

func TestValidateSignatureRejectsChanges(t *testing.T) {
	change := func(s string) string { // one character changed
		b := []byte(s)
		i := len(b) / 2
		if b[i] == 'x' {
			b[i] = 'y'
		} else {
			b[i] = 'x'
		}
		return string(b)
	}
	tests := []struct {
		name            string
		token, url, sig string
		form            func() url.Values
	}{
		{"token", change(docToken), docURL, docSig, docForm},
		{"url", docToken, change(docURL), docSig, docForm},
		{"url scheme", docToken, strings.Replace(docURL, "https", "http", 1), docSig, docForm},
		{"signature", docToken, docURL, change(docSig), docForm},
		{"param value", docToken, docURL, docSig, func() url.Values { f := docForm(); f.Set("Digits", "1235"); return f }},
		{"param name", docToken, docURL, docSig, func() url.Values {
			f := docForm()
			f.Del("Digits")
			f.Set("Digitz", "1234")
			return f
		}},
		{"extra param", docToken, docURL, docSig, func() url.Values { f := docForm(); f.Set("Body", ""); return f }},
		{"missing param", docToken, docURL, docSig, func() url.Values { f := docForm(); f.Del("Caller"); return f }},
		{"empty signature", docToken, docURL, "", docForm},
		{"empty token", "", docURL, docSig, docForm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ValidateSignature(tt.token, tt.url, tt.form(), tt.sig) {
				t.Errorf("ValidateSignature(%q, %q, …, %q) = true, want false", tt.token, tt.url, tt.sig)
			}
		})
	}
}

func TestValidateSignaturePortVariants(t *testing.T) {
	form := url.Values{"Body": {"hi"}, "From": {"+15551230000"}}
	tests := []struct{ signed, seen string }{
		{"https://example.org/sms", "https://example.org:443/sms"},
		{"https://example.org:443/sms", "https://example.org/sms"},
		{"http://example.org/sms?x=1", "http://example.org:80/sms?x=1"},
	}
	for _, tt := range tests {
		sig := Signature("tok", tt.signed, form)
		if !ValidateSignature("tok", tt.seen, form, sig) {
			t.Errorf("signed %s, seen %s: rejected, want accepted", tt.signed, tt.seen)
		}
	}
	sig := Signature("tok", "https://example.org:8443/sms", form)
	if ValidateSignature("tok", "https://example.org/sms", form, sig) {
		t.Error("a non-default port was dropped and still accepted")
	}
}

func TestValidateSignatureRepeatedParams(t *testing.T) {
	// Twilio sorts the values of a repeated name; the order they arrive in
	// must not matter.
	a := url.Values{"MediaUrl": {"b", "a"}}
	b := url.Values{"MediaUrl": {"a", "b"}}
	if got, want := Signature("t", "https://x/", a), Signature("t", "https://x/", b); got != want {
		t.Errorf("signature depends on value order: %q vs %q", got, want)
	}
}

func TestParseSMS(t *testing.T) {
	tests := []struct {
		name    string
		form    url.Values
		want    triage.Interaction
		wantErr string
	}{
		{
			name: "text",
			form: url.Values{
				"MessageSid": {"SM1f0e8ae6ade43cb3c0ce4525424e404f"}, "AccountSid": {"AC0123"},
				"From": {"+14155550100"}, "To": {"+14155550199"}, "Body": {"Can we move Tuesday's session?"}, "NumMedia": {"0"},
			},
			want: triage.Interaction{ID: "SM1f0e8ae6ade43cb3c0ce4525424e404f", Kind: triage.SMS, Channel: triage.ChannelSMS,
				From: triage.Sender{Phone: "+14155550100"}, To: "+14155550199", Text: "Can we move Tuesday's session?"},
		},
		{
			name: "media",
			form: url.Values{"MessageSid": {"MM8"}, "From": {"+14155550100"}, "To": {"+14155550199"}, "Body": {"look"},
				"NumMedia": {"2"}, "MediaUrl0": {"https://api.twilio.com/x"}},
			want: triage.Interaction{ID: "MM8", Kind: triage.SMS, Channel: triage.ChannelSMS,
				From: triage.Sender{Phone: "+14155550100"}, To: "+14155550199", Text: "look\n[2 media attachments not shown]"},
		},
		{
			name: "media only, old sid name",
			form: url.Values{"SmsMessageSid": {"SM9"}, "From": {"+14155550100"}, "NumMedia": {"1"}},
			want: triage.Interaction{ID: "SM9", Kind: triage.SMS, Channel: triage.ChannelSMS,
				From: triage.Sender{Phone: "+14155550100"}, Text: "[1 media attachment not shown]"},
		},
		{name: "no sid", form: url.Values{"From": {"+1"}, "Body": {"x"}}, wantErr: "MessageSid"},
		{name: "no from", form: url.Values{"MessageSid": {"SM1"}, "Body": {"x"}}, wantErr: "From"},
		{name: "bad media count", form: url.Values{"MessageSid": {"SM1"}, "From": {"+1"}, "NumMedia": {"two"}}, wantErr: "NumMedia"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSMS(tt.form)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestTwiML(t *testing.T) {
	tests := []struct{ reply, want string }{
		{"", `<?xml version="1.0" encoding="UTF-8"?><Response/>`},
		{"Thanks, we got it.", `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks, we got it.</Message></Response>`},
		{`<b>"A&B"</b>`, `<?xml version="1.0" encoding="UTF-8"?><Response><Message>&lt;b&gt;&#34;A&amp;B&#34;&lt;/b&gt;</Message></Response>`},
	}
	for _, tt := range tests {
		if got := string(TwiML(tt.reply)); got != tt.want {
			t.Errorf("TwiML(%q) = %s, want %s", tt.reply, got, tt.want)
		}
	}
}

// twimlMessage decodes a TwiML document back to its message text.
func twimlMessage(t testing.TB, doc []byte) (string, bool) {
	t.Helper()
	var r struct {
		XMLName xml.Name `xml:"Response"`
		Message *string  `xml:"Message"`
	}
	if err := xml.Unmarshal(doc, &r); err != nil {
		t.Fatalf("TwiML is not XML: %v\n%s", err, doc)
	}
	if r.Message == nil {
		return "", false
	}
	return *r.Message, true
}

func TestTwiMLRoundTrip(t *testing.T) {
	for _, s := range []string{"line one\nline two", "café ☕", "]]> <![CDATA[", "tab\there"} {
		got, ok := twimlMessage(t, TwiML(s))
		if !ok || got != s {
			t.Errorf("round trip of %q = %q (present %v)", s, got, ok)
		}
	}
}

func FuzzParseSMS(f *testing.F) {
	f.Add("MessageSid=SM1&From=%2B14155550100&To=%2B14155550199&Body=hello&NumMedia=0")
	f.Add("SmsMessageSid=SM2&From=%2B1&NumMedia=3")
	f.Add("MessageSid=&From=")
	f.Add("NumMedia=-1&MessageSid=a&From=b")
	f.Add("%zz=1")
	f.Add("MessageSid=SM3&From=%2B14155550100&Body=I+want+to+die%80")
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		in, err := ParseSMS(form)
		if err != nil {
			return
		}
		if in.ID == "" || in.From.Phone == "" || in.Kind != triage.SMS || in.Channel != triage.ChannelSMS {
			t.Fatalf("accepted an incomplete interaction: %+v", in)
		}
		if !utf8.ValidString(in.ID + in.From.Phone + in.To + in.Text) {
			t.Fatalf("handed on bytes that are not UTF-8, which intake refuses: %+v", in)
		}
	})
}

func FuzzTwiML(f *testing.F) {
	f.Add("")
	f.Add("hello")
	f.Add("<&>\"'\x00\xff")
	f.Fuzz(func(t *testing.T, reply string) {
		doc := TwiML(reply)
		msg, ok := twimlMessage(t, doc)
		if ok != (reply != "") {
			t.Fatalf("message present = %v for reply %q", ok, reply)
		}
		if !strings.HasPrefix(string(doc), xmlHeader) {
			t.Fatalf("no XML header: %s", doc)
		}
		if xmlSafe(reply) && msg != reply {
			t.Fatalf("round trip of %q = %q", reply, msg)
		}
	})
}

// xmlSafe reports whether s is made only of characters XML can carry.
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return false
		}
	}
	return true
}

// A byte that is not text in a form value does not cost the message: it is
// handed on as U+FFFD, so the text is still read for a crisis.
func TestParseSMSRepairsBytesThatAreNotText(t *testing.T) {
	form, err := url.ParseQuery("MessageSid=SM9&From=%2B14155550100%FF&To=%2B14155550199&Body=I+want+to+die%80")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseSMS(form)
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if in.Text != "I want to die\uFFFD" || in.From.Phone != "+14155550100\uFFFD" {
		t.Errorf("text %q, from %q", in.Text, in.From.Phone)
	}
	if err := in.Validate(); err != nil {
		t.Errorf("intake would refuse it: %v", err)
	}
}
