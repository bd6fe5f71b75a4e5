package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/mail/mailtest"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// TestTriageAPI: interactions through the API on both engines. A crisis DM
// from an unknown sender on a channel the policy does not use alerts the
// on-call person by email and sends crisis resources; a friend request from
// a client is declined, charted and put on the agenda; repeats are
// idempotent; bad input stores nothing.
func TestTriageAPI(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dbURL := storagetest.URL(t, engine)
			smtpd := mailtest.Start(t)
			base := startServerWith(t, dbURL, func(c *Config) { c.SMTP = smtpd.URL(); c.MailFrom = "Practice <office@example.org>" })
			admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}

			admin.json("POST", "/api/v1/policy/versions", map[string]any{"summary": "First.", "clauses": map[string]string{
				"friending": "decline", "social_messaging": "not_used", "texting": "not_used", "records": "documented"},
				"profile": map[string]any{"practice_name": "Lakeside Therapy", "office_phone": "(555) 010-0123"}}, 201, nil)
			var oncall struct{ ID string }
			admin.json("POST", "/api/v1/staff", map[string]string{"name": "Olu Oncall", "email": "olu@example.org", "role": "supervisor"}, 201, &oncall)
			admin.json("PUT", "/api/v1/oncall", map[string]any{"staff_ids": []string{oncall.ID}}, 200, nil)
			var c client
			admin.json("POST", "/api/v1/clients", map[string]any{"name": "Rosa Díaz", "status": "current", "identities": []map[string]string{
				{"kind": "facebook", "value": "rosa.d"}, {"kind": "phone", "value": "212-555-0101"}}}, 201, &c)

			var crisis decisionOut
			admin.json("POST", "/api/v1/interactions", map[string]any{"id": "ig-1", "kind": "direct_message", "channel": "instagram",
				"from": map[string]string{"platform": "instagram", "handle": "@stranger"}, "text": "i can't do this anymore, i have the pills and tonight is the night"}, 201, &crisis)
			if !crisis.Crisis.Detected || !has(crisis.Actions, "escalate") || crisis.Reply == nil || !strings.Contains(crisis.Reply.Text, "988") || crisis.Sender.Relationship != "unknown" {
				t.Fatalf("crisis decision: %+v", crisis)
			}
			msg := smtpd.WaitFor(t, "olu@example.org", "signs of a crisis", 10*time.Second)
			if strings.Contains(string(msg.Data), "pills") || strings.Contains(string(msg.Data), "stranger") {
				t.Error("the alert email quotes the message or names the sender")
			}
			var alerts []struct {
				ID            string `json:"id"`
				InteractionID string `json:"interaction_id"`
			}
			admin.json("GET", "/api/v1/alerts", nil, 200, &alerts)
			if len(alerts) != 1 || alerts[0].InteractionID != crisis.EventID {
				t.Errorf("alerts = %+v", alerts)
			}

			// The same delivery again: same decision, nothing new.
			var again decisionOut
			admin.json("POST", "/api/v1/interactions", map[string]any{"id": "ig-1", "kind": "direct_message", "channel": "instagram",
				"from": map[string]string{"platform": "instagram", "handle": "@stranger"}, "text": "i can't do this anymore, i have the pills and tonight is the night"}, 200, &again)
			if again.EventID != crisis.EventID {
				t.Errorf("repeat got event %s, want %s", again.EventID, crisis.EventID)
			}

			var fr decisionOut
			admin.json("POST", "/api/v1/interactions", map[string]any{"kind": "friend_request", "channel": "facebook",
				"from": map[string]string{"name": "Rosa Diaz", "platform": "facebook", "handle": "rosa.d"}}, 201, &fr)
			if fr.Sender.ClientID != c.ID || !has(fr.Actions, "decline") || !has(fr.Actions, "document") || !has(fr.Actions, "agenda") {
				t.Errorf("friend request: %+v", fr)
			}
			var agenda []struct{ ID, Text string }
			admin.json("GET", "/api/v1/clients/"+c.ID+"/agenda", nil, 200, &agenda)
			if len(agenda) != 1 || !strings.Contains(strings.ToLower(agenda[0].Text), "friend request") {
				t.Fatalf("agenda = %+v", agenda)
			}
			var chart []entry
			admin.json("GET", "/api/v1/clients/"+c.ID+"/records", nil, 200, &chart)
			if len(chart) != 1 || chart[0].Kind != "interaction" {
				t.Errorf("chart = %+v", chart)
			}
			admin.json("POST", "/api/v1/clients/"+c.ID+"/agenda/"+agenda[0].ID+"/close", map[string]string{"note": "Discussed; client understood."}, 200, nil)
			admin.json("GET", "/api/v1/clients/"+c.ID+"/agenda", nil, 200, &agenda)
			if len(agenda) != 0 {
				t.Errorf("closed item still open: %+v", agenda)
			}

			// Bad input stores nothing.
			var before []json.RawMessage
			admin.json("GET", "/api/v1/interactions?limit=500", nil, 200, &before)
			for _, tc := range []struct {
				name, body string
				want       int
			}{
				{"unknown kind", `{"kind":"telegram","channel":"sms","from":{"phone":"+15550100"},"text":"x"}`, 400},
				{"unknown channel", `{"kind":"sms","channel":"pager","from":{"phone":"+15550100"},"text":"x"}`, 400},
				{"missing text", `{"kind":"sms","channel":"sms","from":{"phone":"+15550100"}}`, 400},
				{"no sender", `{"kind":"sms","channel":"sms","from":{},"text":"x"}`, 400},
				{"invalid UTF-8", "{\"kind\":\"sms\",\"channel\":\"sms\",\"from\":{\"phone\":\"+15550100\"},\"text\":\"\xff\xfe\"}", 400},
				{"oversized", `{"kind":"sms","channel":"sms","from":{"phone":"+15550100"},"text":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
			} {
				if st, _, b := admin.do("POST", "/api/v1/interactions", "application/json", tc.body); st != tc.want {
					t.Errorf("%s: %d %s, want %d", tc.name, st, b, tc.want)
				}
			}
			var after []struct {
				ID       string           `json:"id"`
				Decision *json.RawMessage `json:"decision"`
			}
			admin.json("GET", "/api/v1/interactions?limit=500", nil, 200, &after)
			if len(after) != len(before) || len(after) != 2 {
				t.Errorf("interactions: %d before, %d after bad input; want 2 and 2", len(before), len(after))
			}
			if after[0].ID != fr.EventID || after[0].Decision == nil {
				t.Errorf("list is not newest first with decisions: %+v", after)
			}

			// A therapist does not see an unknown sender's message.
			ther := &apiClient{t: t, base: base, token: newToken(t, dbURL, "therapist")}
			if st, _, _ := ther.do("GET", "/api/v1/interactions/"+crisis.EventID, "", ""); st != 404 {
				t.Errorf("therapist reading an unknown sender's message: %d", st)
			}
			if _, errs, code := runCmd(t, "", "verify", "--db", dbURL); code != 0 {
				t.Errorf("verify: %s", errs)
			}
		})
	}
}

// startServerWith is startServer with configuration changes.
func startServerWith(t *testing.T, dbURL string, change func(*Config)) string {
	t.Helper()
	cfg := defaultConfig()
	cfg.DB, cfg.Addr = dbURL, "127.0.0.1:0"
	change(&cfg)
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	app := NewApp(cfg, ioDiscard{})
	ctx, cancel := context.WithCancel(context.Background())
	if err := app.Open(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		app.Close()
	})
	return app.URL()
}

type ioDiscard struct{}

func (ioDiscard) Write(p []byte) (int, error) { return len(p), nil }

// TestKillDuringIntake drives intake at full rate, kills the server with
// SIGKILL twice, restarts it, and checks that every interaction that got a
// 2xx is stored once and decided once, and that the chart chains verify.
func TestKillDuringIntake(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := filepath.Join(t.TempDir(), "framekeeper")
	if out, err := execCommand("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "crash.db")
	token := newToken(t, dbURL, "admin")
	{
		ctx := context.Background()
		db, err := storage.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		a := framekeeper.Actor{StaffID: "", Role: framekeeper.RoleAdmin}
		for i := 0; i < 20; i++ {
			c := &framekeeper.Client{Name: fmt.Sprintf("Client %02d", i), Identities: []framekeeper.Identity{{Kind: "phone", Value: fmt.Sprintf("+1415555%04d", i)}}}
			if err := db.CreateClient(ctx, a, c); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
	}
	const total = 300
	acked := map[string]string{} // external id -> event id
	var mu sync.Mutex
	next := 0
	// Two rounds end in SIGKILL; the third always runs, to restart and recover.
	for round := 0; round < 3; round++ {
		cmd := execCommand(bin, "serve", "--db", dbURL, "--addr", "127.0.0.1:0")
		var logs safeBuffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		addr := waitListening(t, &logs)
		kill := round < 2
		deadline := time.Now().Add(400 * time.Millisecond)
		var wg sync.WaitGroup
		for w := 0; w < 6; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					if next >= total || (kill && time.Now().After(deadline)) {
						mu.Unlock()
						return
					}
					i := next
					next++
					mu.Unlock()
					ext := fmt.Sprintf("SM%05d", i)
					body := fmt.Sprintf(`{"id":%q,"kind":"sms","channel":"sms","from":{"phone":"+1415555%04d"},"text":"Can we move my appointment to Thursday? (%d)"}`, ext, i%20, i)
					req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/interactions", strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						// Not acknowledged: the sender will retry it later.
						mu.Lock()
						if i < next {
							next = min(next, i)
						}
						mu.Unlock()
						return
					}
					var d struct {
						EventID string `json:"event_id"`
						ID      string `json:"id"`
					}
					json.NewDecoder(res.Body).Decode(&d)
					res.Body.Close()
					if res.StatusCode/100 == 2 {
						id := d.EventID
						if id == "" {
							id = d.ID
						}
						mu.Lock()
						if prev, ok := acked[ext]; ok && prev != id {
							t.Errorf("%s acknowledged as %s and as %s", ext, prev, id)
						}
						acked[ext] = id
						mu.Unlock()
					}
				}
			}()
		}
		if kill {
			time.Sleep(time.Until(deadline) - 150*time.Millisecond)
			cmd.Process.Kill()
			wg.Wait()
			cmd.Wait()
			// Retry what was not acknowledged: rewind to the first gap.
			mu.Lock()
			for i := 0; i < total; i++ {
				if _, ok := acked[fmt.Sprintf("SM%05d", i)]; !ok {
					next = i
					break
				}
			}
			mu.Unlock()
			continue
		}
		wg.Wait()
		// Let the workers finish anything left over, then stop cleanly.
		waitAllDone(t, dbURL)
		cmd.Process.Signal(sigterm)
		cmd.Wait()
	}
	if len(acked) != total {
		t.Fatalf("acknowledged %d of %d", len(acked), total)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, n, err := db.FindInteractions(ctx, framekeeper.Actor{Role: framekeeper.RoleAdmin}, intake.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, s := range list {
		seen[s.Input.ID]++
		if s.Status != intake.StatusDone || s.Decision == nil || s.Decision.EventID != s.ID {
			t.Errorf("%s (%s) status %s, decision %v", s.ID, s.Input.ID, s.Status, s.Decision != nil)
		}
		if want := acked[s.Input.ID]; want != "" && want != s.ID {
			t.Errorf("%s acknowledged as %s but stored as %s", s.Input.ID, want, s.ID)
		}
	}
	dups := 0
	for _, k := range seen {
		if k > 1 {
			dups++
		}
	}
	if n != total || dups != 0 {
		t.Errorf("stored %d interactions (%d duplicated), want %d once each", n, dups, total)
	}
	// Decided once: one chart entry per interaction (every one is documented).
	entries, p, err := db.VerifyRecords(ctx)
	if err != nil || p != nil {
		t.Fatalf("verify: %v %v", p, err)
	}
	if entries != total {
		t.Errorf("chart entries = %d, want %d (one per decision)", entries, total)
	}
	t.Logf("sent %d, acknowledged %d, stored %d, duplicates %d, chart entries %d", next, len(acked), n, dups, entries)
}

func waitListening(t *testing.T, logs *safeBuffer) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s := logs.String()
		if i := strings.Index(s, "addr="); i >= 0 {
			rest := s[i+5:]
			if j := strings.IndexAny(rest, " \n"); j > 0 {
				return rest[:j]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", logs.String())
	return ""
}

// waitAllDone waits until no interaction is waiting or in progress.
func waitAllDone(t *testing.T, dbURL string) {
	t.Helper()
	raw := storagetest.Raw(t, dbURL)
	// A killed process's leases run out after 15 s.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM interactions WHERE status <> 'done'`).Scan(&n); err == nil && n == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("interactions still waiting after 60s")
}
