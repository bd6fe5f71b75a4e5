package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/mail"
	"github.com/framekeeper/framekeeper/mail/mailtest"
)

func TestSendThroughRealSMTP(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.NewSender(srv.URL(), "Harbor Lane <office@harborlane.example>")
	if err != nil {
		t.Fatal(err)
	}
	m := &mail.Message{To: []string{"Zoë Ångström <zoe@example.se>"}, Subject: "Réponse: votre rendez-vous",
		Text: "Bonjour Zoë,\nThank you for your message.", Headers: map[string]string{"Auto-Submitted": "auto-replied", "In-Reply-To": "<abc@example.se>"}}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "zoe@example.se", "Auto-Submitted: auto-replied", 5*time.Second)
	data := string(got.Data)
	for _, want := range []string{"In-Reply-To: <abc@example.se>", "Message-Id: <" + m.MessageID + ">", "=?utf-8?", "charset=utf-8"} {
		if !strings.Contains(data, want) {
			t.Errorf("message lacks %q:\n%s", want, data)
		}
	}
	if got.From != "office@harborlane.example" {
		t.Errorf("envelope from = %q", got.From)
	}
}

func TestSendFailures(t *testing.T) {
	srv := mailtest.Start(t)
	srv.SetReject(true)
	s, _ := mail.NewSender(srv.URL(), "")
	if err := s.Send(context.Background(), &mail.Message{To: []string{"a@example.org"}, Subject: "x", Text: "y"}); err == nil {
		t.Error("a refusing server did not fail the send")
	}
	if _, err := mail.NewSender("http://x", ""); err == nil {
		t.Error("bad URL accepted")
	}
	if err := s.Send(context.Background(), &mail.Message{Subject: "x"}); err == nil {
		t.Error("no recipient accepted")
	}
	dead, _ := mail.NewSender("smtp://127.0.0.1:1", "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := dead.Send(ctx, &mail.Message{To: []string{"a@example.org"}, Text: "y"}); err == nil {
		t.Error("unreachable server did not fail")
	}
}
