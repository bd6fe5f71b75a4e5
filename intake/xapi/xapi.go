// Package xapi verifies and parses the webhooks of X's (Twitter's) Account
// Activity API: the CRC challenge, the request signature, and follow,
// direct-message and mention events. It holds no server and no storage.
package xapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// SignatureHeader is the header carrying the body's signature.
const SignatureHeader = "X-Twitter-Webhooks-Signature"

// CRCResponse answers a challenge-response check (GET with crc_token): the
// string "sha256=" followed by the base64 HMAC-SHA256 of the token, keyed by
// the app's consumer secret.
func CRCResponse(consumerSecret, crcToken string) string {
	return "sha256=" + mac(consumerSecret, []byte(crcToken))
}

// CRCResponseJSON is the body to send back for a CRC check:
// {"response_token":"sha256=…"}.
func CRCResponseJSON(consumerSecret, crcToken string) []byte {
	b, _ := json.Marshal(struct {
		ResponseToken string `json:"response_token"`
	}{CRCResponse(consumerSecret, crcToken)}) // a struct of one string always marshals
	return b
}

// VerifySignature reports whether header (x-twitter-webhooks-signature,
// "sha256=" and the base64 HMAC-SHA256 of the raw body keyed by the consumer
// secret) signs body, comparing in constant time.
func VerifySignature(consumerSecret string, body []byte, header string) bool {
	if consumerSecret == "" {
		return false
	}
	enc, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	h := hmac.New(sha256.New, []byte(consumerSecret))
	h.Write(body)
	return hmac.Equal(got, h.Sum(nil))
}

// Sign returns the signature header value for body, for tests and replay
// tools.
func Sign(consumerSecret string, body []byte) string {
	return "sha256=" + mac(consumerSecret, body)
}

func mac(key string, msg []byte) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write(msg)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}
