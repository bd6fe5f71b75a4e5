package main

import (
	"encoding/json"
	"net"
	"net/smtp"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/storage/storagetest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestMailIntakeEndToEnd: the server started by App.Run takes a message
// from a real SMTP client into triage; a stranger's recipient is refused.
func TestMailIntakeEndToEnd(t *testing.T) {
	dbURL := storagetest.URL(t, "sqlite")
	smtpAddr := freeAddr(t)
	base := startServerWith(t, dbURL, func(c *Config) {
		c.SMTPIntakeAddr = smtpAddr
		c.IntakeAddresses = "hello@harbor.example"
	})
	msg := "From: Pat <pat@mail.example>\r\nTo: hello@harbor.example\r\nSubject: Appointment\r\nMessage-ID: <e2e-1@mail.example>\r\n\r\nCan I book a first appointment next week?\r\n"
	if err := smtp.SendMail(smtpAddr, nil, "pat@mail.example", []string{"hello@harbor.example"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	if err := smtp.SendMail(smtpAddr, nil, "pat@mail.example", []string{"other@elsewhere.example"}, []byte(msg)); err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("foreign recipient: %v, want 550", err)
	}
	api := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}
	var list []struct {
		Interaction struct {
			ID      string `json:"id"`
			Channel string `json:"channel"`
		} `json:"interaction"`
		Decision *json.RawMessage `json:"decision"`
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		api.json("GET", "/api/v1/interactions", nil, 200, &list)
		if len(list) == 1 && list[0].Decision != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(list) != 1 || list[0].Interaction.ID != "e2e-1@mail.example" || list[0].Interaction.Channel != "email" || list[0].Decision == nil {
		t.Fatalf("interactions: %+v", list)
	}
}

func TestAuditConnectionsCommand(t *testing.T) {
	dbURL := storagetest.URL(t, "sqlite")
	if _, errs, code := runCmd(t, "", "client", "create", "--db", dbURL, "--name", "Sam Lee", "--status", "current"); code != 0 {
		// The client command may not exist in every build; add by API instead.
		base := startServer(t, dbURL)
		api := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}
		api.json("POST", "/api/v1/clients", map[string]any{"name": "Sam Lee", "status": "current"}, 201, nil)
		_ = errs
	}
	file := filepath.Join("..", "..", "intake", "exports", "testdata", "your_friends.json")
	// The owner must be a staff member.
	if _, errs, code := runCmd(t, "", "audit", "connections", "--db", dbURL, "--platform", "facebook", "--owner", "nobody@practice.example", file); code == 0 || !strings.Contains(errs, "no staff member") {
		t.Errorf("unknown owner: code %d, %s", code, errs)
	}
	out, errs, code := runCmd(t, "", "audit", "connections", "--db", dbURL, "--platform", "facebook", "--owner", "practice", "--json", file)
	if code != 0 {
		t.Fatalf("audit: %d %s", code, errs)
	}
	var r struct {
		People   int `json:"people"`
		Findings []struct {
			Finding       string   `json:"finding"`
			InteractionID string   `json:"interaction_id"`
			Actions       []string `json:"actions"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if r.People != 4 || len(r.Findings) != 1 || r.Findings[0].InteractionID == "" || r.Findings[0].Finding != "practice_connected_to_client" {
		t.Fatalf("report %+v", r)
	}
	// Wrong platform for the file: one line on stderr.
	if _, errs, code := runCmd(t, "", "audit", "connections", "--db", dbURL, "--platform", "x", "--owner", "practice", file); code == 0 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("wrong platform: %d %q", code, errs)
	}
	// Run again: same findings, no new interactions.
	out2, _, _ := runCmd(t, "", "audit", "connections", "--db", dbURL, "--platform", "facebook", "--owner", "practice", "--json", file)
	var r2 struct {
		Findings []struct {
			InteractionID string `json:"interaction_id"`
		} `json:"findings"`
	}
	json.Unmarshal([]byte(out2), &r2)
	if len(r2.Findings) != 1 || r2.Findings[0].InteractionID != r.Findings[0].InteractionID {
		t.Errorf("second audit recorded a new interaction: %s", out2)
	}
}
