package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// FuzzDecode: any body gives either a decoded value or an application error
// with a 4xx status, never a panic or a 500.
func FuzzDecode(f *testing.F) {
	f.Add(`{"kind":"sms","channel":"sms","from":{"phone":"+14155550100"},"text":"hi"}`, "application/json")
	f.Add(`{"name": 42}`, "application/json")
	f.Add(`{"a":1} {"b":2}`, "application/json")
	f.Add("\xff\xfe", "application/json")
	f.Add(`{}`, "text/plain")
	f.Add(`{"kind":`, "application/problem+json")
	f.Fuzz(func(t *testing.T, body, ct string) {
		r := httptest.NewRequest("POST", "/api/v1/interactions", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		var in triage.Interaction
		err := decode(r, &in)
		if err == nil {
			return
		}
		if st := statusOf(err); st < 400 || st >= 500 {
			t.Fatalf("decode(%q, %q) = %v with status %d", body, ct, err, st)
		}
		if framekeeper.ErrorMessage(err) == "" {
			t.Fatal("empty error message")
		}
	})
}
