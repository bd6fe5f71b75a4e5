// Package meta verifies and parses the webhooks of Meta's platforms: the
// Messenger Platform and Page feed (object "page") and Instagram messaging
// and comments (object "instagram"). It holds no server and no storage: the
// caller keeps the raw body, checks the signature, then parses.
package meta

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/url"
	"strings"
)

// SignatureHeader is the header carrying the body's signature.
const SignatureHeader = "X-Hub-Signature-256"

// VerifySignature reports whether header (the X-Hub-Signature-256 value,
// "sha256=" and the hex HMAC-SHA256 of the raw body keyed by the app
// secret) signs body. A missing secret, a missing or other prefix, or bad
// hex is a failure.
func VerifySignature(appSecret string, body []byte, header string) bool {
	if appSecret == "" {
		return false
	}
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok || len(hexSig) != 2*sha256.Size {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Hub-Signature-256 value for body, for tests and tools
// that replay payloads.
func Sign(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Handshake answers the verification request Meta sends when a webhook is
// set up (GET with hub.mode=subscribe, hub.verify_token, hub.challenge). It
// returns the challenge to echo, as text/plain, when the token matches. The
// challenge must be a short token of letters, digits, '-', '_' or '.', so a
// forged request cannot make the server reflect markup.
func Handshake(query url.Values, verifyToken string) (challenge string, ok bool) {
	if verifyToken == "" || query.Get("hub.mode") != "subscribe" {
		return "", false
	}
	if subtle.ConstantTimeCompare([]byte(query.Get("hub.verify_token")), []byte(verifyToken)) != 1 {
		return "", false
	}
	c := query.Get("hub.challenge")
	if c == "" || len(c) > 256 {
		return "", false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return "", false
		}
	}
	return c, true
}

// trimmedJSON reports whether body looks like a JSON object at all.
func trimmedJSON(body []byte) bool {
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '{'
}
