// Package twilio verifies and parses Twilio's SMS webhooks and writes the
// TwiML that answers them. It holds no server and no storage: the caller
// reads the request, keeps the raw body, and calls these functions.
package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/xml"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake/wire"
	"github.com/framekeeper/framekeeper/triage"
)

// ValidateSignature reports whether signature (the X-Twilio-Signature
// header) is Twilio's signature of a POST to fullURL with the form
// parameters form, made with authToken.
//
// Twilio signs the URL it was configured with, which may differ from the
// one the server sees only by an explicit default port (behind a proxy), so
// the variant with the port added or removed is accepted too, as Twilio's
// own libraries do.
func ValidateSignature(authToken, fullURL string, form url.Values, signature string) bool {
	if authToken == "" || signature == "" {
		return false
	}
	got := []byte(signature)
	for _, u := range urlVariants(fullURL) {
		want := []byte(Signature(authToken, u, form))
		if subtle.ConstantTimeCompare(got, want) == 1 {
			return true
		}
	}
	return false
}

// Signature computes the X-Twilio-Signature value: base64 of HMAC-SHA1,
// keyed by the auth token, over the URL followed by every parameter name
// immediately followed by its value, names sorted (values of a repeated
// name sorted too, as Twilio does).
func Signature(authToken, fullURL string, form url.Values) string {
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range names {
		vs := append([]string(nil), form[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// urlVariants returns fullURL, then the same URL with its scheme's default
// port removed or added.
func urlVariants(fullURL string) []string {
	out := []string{fullURL}
	u, err := url.Parse(fullURL)
	if err != nil || u.Host == "" {
		return out
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	if def == "" {
		return out
	}
	v := *u
	switch u.Port() {
	case "":
		v.Host = u.Host + ":" + def
	case def:
		v.Host = u.Hostname()
		if strings.Contains(v.Host, ":") { // IPv6 literal
			v.Host = "[" + v.Host + "]"
		}
	default:
		return out
	}
	return append(out, v.String())
}

// ParseSMS turns the form of an incoming-message webhook into an
// interaction: MessageSid is the ID (Twilio retries with the same one), From
// the sender's phone, To the number written to (the caller maps it to the
// practice or a staff member), Body the text. Media are not fetched; their
// count is noted at the end of the text so triage knows something was sent.
// Twilio sends no timestamp, so At is left zero for the caller to set.
func ParseSMS(form url.Values) (triage.Interaction, error) {
	// Form values are percent-decoded, and "%80" decodes to a byte that
	// is not text: such bytes become U+FFFD, as in the other channels, so
	// a message is never refused (and a crisis never missed) for them.
	get := func(k string) string { return wire.Clean(form.Get(k)) }
	sid := strings.TrimSpace(get("MessageSid"))
	if sid == "" {
		sid = strings.TrimSpace(get("SmsMessageSid")) // older webhooks
	}
	if sid == "" {
		return triage.Interaction{}, framekeeper.Invalid("MessageSid", "The message has no MessageSid.")
	}
	from := strings.TrimSpace(get("From"))
	if from == "" {
		return triage.Interaction{}, framekeeper.Invalid("From", "The message has no sender (From).")
	}
	text := get("Body")
	if n := form.Get("NumMedia"); n != "" {
		count, err := strconv.Atoi(n)
		if err != nil || count < 0 {
			return triage.Interaction{}, framekeeper.Invalid("NumMedia", "NumMedia %q is not a count.", n)
		}
		if count > 0 {
			note := "[" + strconv.Itoa(count) + " media attachment"
			if count > 1 {
				note += "s"
			}
			note += " not shown]"
			if text != "" {
				text += "\n"
			}
			text += note
		}
	}
	return triage.Interaction{
		ID:      sid,
		Kind:    triage.SMS,
		Channel: triage.ChannelSMS,
		From:    triage.Sender{Phone: from},
		To:      strings.TrimSpace(get("To")),
		Text:    text,
	}, nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>`

// TwiML returns the response document for an incoming-message webhook:
// one Message with reply, or an empty Response (send nothing) when reply is
// empty. Text that is not valid XML is replaced, never passed through.
func TwiML(reply string) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	if reply == "" {
		b.WriteString("<Response/>")
		return []byte(b.String())
	}
	b.WriteString("<Response><Message>")
	xml.EscapeText(&b, []byte(reply)) // writes to a strings.Builder cannot fail
	b.WriteString("</Message></Response>")
	return []byte(b.String())
}
