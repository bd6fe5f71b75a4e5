package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type decisionOut struct {
	EventID string `json:"event_id"`
	Sender  struct {
		ClientID     string  `json:"client_id"`
		Relationship string  `json:"relationship"`
		Match        string  `json:"match"`
		Confidence   float64 `json:"confidence"`
	} `json:"sender"`
	Actions []string `json:"actions"`
	Reply   *struct {
		Channel string `json:"channel"`
		Text    string `json:"text"`
	} `json:"reply"`
	ChartNote  *string `json:"chart_note"`
	AgendaItem *string `json:"agenda_item"`
	Crisis     struct {
		Detected bool     `json:"detected"`
		Signals  []string `json:"signals"`
	} `json:"crisis"`
	Content struct {
		Clinical       bool `json:"clinical"`
		Administrative bool `json:"administrative"`
	} `json:"content"`
	Policy struct {
		Version int      `json:"version"`
		Clauses []string `json:"clauses"`
	} `json:"policy"`
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTriageCommandWithFiles(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.json")
	os.WriteFile(roster, []byte(`[
		{"id": "c_rosa", "name": "Rosa Díaz", "status": "former", "identities": [{"kind": "phone", "value": "212-555-0101"}, {"kind": "facebook", "value": "rosa.d"}],
		 "associates": [{"name": "Luis Díaz", "relation": "brother", "identities": [{"kind": "email", "value": "luis@example.org"}]}]},
		{"id": "c_ben", "name": "Ben Ode", "status": "current", "identities": [{"kind": "email", "value": "ben@example.org"}]}
	]`), 0o644)
	pol := filepath.Join(dir, "policy.json")
	os.WriteFile(pol, []byte(`{"clauses": {"friending": "decline", "texting": "not_used", "email": "administrative_only", "business_reviews": "no_response", "records": "documented"},
		"profile": {"practice_name": "Test Practice", "office_phone": "(555) 010-0123"}}`), 0o644)
	input := strings.Join([]string{
		`{"id":"1","kind":"friend_request","channel":"facebook","from":{"name":"Rosa Diaz","platform":"facebook","handle":"@Rosa.D"}}`,
		``,
		`{"id":"2","kind":"sms","channel":"sms","from":{"phone":"+1 (212) 555-0101"},"text":"I have the pills ready and I want to die tonight"}`,
		`{"id":"3","kind":"email","channel":"email","from":{"email":"BEN@example.org"},"text":"Since our last session my anxiety has been much worse and I can't sleep."}`,
		`{"id":"4","kind":"review","channel":"review_site","from":{"name":"A reviewer"},"text":"Very helpful practice."}`,
		`{"id":"5","kind":"email","channel":"email","from":{"email":"luis@example.org"},"text":"Can you tell me how my brother is doing?"}`,
	}, "\n")
	out, errs, code := runCmd(t, input, "triage", "--policy", pol, "--roster", roster)
	if code != 0 {
		t.Fatalf("triage: %s", errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("got %d lines, want 5 (blank lines skipped):\n%s", len(lines), out)
	}
	var d [5]decisionOut
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &d[i]); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
	}
	if d[0].Sender.ClientID != "c_rosa" || d[0].Sender.Match != "exact" || !has(d[0].Actions, "decline") || !has(d[0].Policy.Clauses, "friending") {
		t.Errorf("friend request: %+v", d[0])
	}
	if !d[1].Crisis.Detected || !has(d[1].Actions, "escalate") || d[1].Reply == nil || !strings.Contains(d[1].Reply.Text, "988") {
		t.Errorf("crisis text on a not_used channel: %+v", d[1])
	}
	if strings.Contains(d[1].Reply.Text, "pills") {
		t.Error("the crisis reply quotes the message")
	}
	if d[2].Sender.Relationship != "current" || !d[2].Content.Clinical || !has(d[2].Actions, "document") || !has(d[2].Actions, "agenda") || d[2].Reply == nil {
		t.Errorf("clinical email under administrative_only: %+v", d[2])
	}
	if !has(d[3].Actions, "do_not_respond") || d[3].Reply != nil || d[3].Sender.Relationship != "unknown" {
		t.Errorf("review: %+v", d[3])
	}
	if d[4].Sender.Relationship != "relative" || d[4].Sender.ClientID != "c_rosa" {
		t.Errorf("relative: %+v", d[4].Sender)
	}
	for i := range d {
		if d[i].Policy.Version != 0 || len(d[i].Policy.Clauses) == 0 {
			t.Errorf("decision %d names no clause: %+v", i, d[i].Policy)
		}
	}
}

func TestTriageCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		input string
		args  []string
		want  string
	}{
		{`{"kind":"sms"}`, nil, "line 1: channel"},
		{`{"kind":"carrier_pigeon","channel":"sms","from":{"phone":"1"}}`, nil, "Unknown kind"},
		{"{\"kind\":\"sms\",\"channel\":\"sms\",\"from\":{\"phone\":\"+15550100\"},\"text\":\"hi\"}\n{not json", nil, "line 2"},
		{`{"kind":"email","channel":"email","from":{"email":"a@example.org"}}`, nil, "needs its text"},
		{"{\"kind\":\"sms\",\"channel\":\"sms\",\"from\":{\"phone\":\"1\"},\"text\":\"\xff\"}", nil, "UTF-8"},
		{``, []string{"--roster", "/nonexistent/roster.json"}, "roster"},
		{``, []string{"--db", "sqlite:x.db", "--policy", "p.json"}, "not both"},
	} {
		_, errs, code := runCmd(t, tc.input, append([]string{"triage"}, tc.args...)...)
		if code == 0 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("triage %v with %q: exit %d, stderr %q; want one line with %q", tc.args, tc.input, code, errs, tc.want)
		}
	}
}

// FuzzTriageCommand feeds arbitrary input to the offline triage command: it
// never panics, and on success writes one decision per non-blank line.
func FuzzTriageCommand(f *testing.F) {
	f.Add(`{"id":"1","kind":"sms","channel":"sms","from":{"phone":"+14155550100"},"text":"I want to die"}`)
	f.Add(`{"kind":"friend_request","channel":"facebook","from":{"name":"Zoë Ångström","platform":"facebook","handle":"@zoe"}}` + "\n\n" + `{"kind":"review","channel":"review_site","from":{"name":"x"},"text":"ok"}`)
	f.Add("{\"kind\":\"email\",\"channel\":\"email\",\"from\":{\"email\":\"a@b\"},\"text\":\"\xff\"}")
	f.Add(`[1,2,3]`)
	f.Fuzz(func(t *testing.T, input string) {
		out, _, code := runCmd(t, input, "triage")
		if code != 0 {
			return
		}
		want := 0
		for _, l := range strings.Split(input, "\n") {
			if strings.TrimSpace(strings.TrimSuffix(l, "\r")) != "" {
				want++
			}
		}
		if got := strings.Count(out, "\n"); got != want {
			t.Fatalf("%d decisions for %d lines", got, want)
		}
	})
}
