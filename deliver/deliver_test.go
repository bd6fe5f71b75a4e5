package deliver_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/deliver"
	"github.com/framekeeper/framekeeper/mail"
	"github.com/framekeeper/framekeeper/mail/mailtest"
	"github.com/framekeeper/framekeeper/storage/storagetest"
)

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{1, 10 * time.Second}, {2, 20 * time.Second}, {4, 80 * time.Second}, {30, time.Hour}} {
		if got := deliver.Backoff(tc.n); got != tc.want {
			t.Errorf("Backoff(%d) = %s, want %s", tc.n, got, tc.want)
		}
	}
}

// TestDeliverOutbox sends email through a real SMTP server and a signed
// webhook; a refusing server leaves the message failed for a retry, which
// then succeeds.
func TestDeliverOutbox(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storagetest.Open(t, engine)
			smtpd := mailtest.Start(t)
			sender, err := mail.NewSender(smtpd.URL(), "Practice <office@example.org>")
			if err != nil {
				t.Fatal(err)
			}
			var hookCalls atomic.Int32
			hook := &deliver.Webhook{Secret: "s3cret"}
			hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if r.Header.Get(deliver.SignatureHeader) != hook.Sign(b) {
					http.Error(w, "bad signature", http.StatusUnauthorized)
					return
				}
				hookCalls.Add(1)
			}))
			defer hooks.Close()
			now := time.Now()
			w := &deliver.Worker{Store: db, Mail: sender, Webhook: hook, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}

			smtpd.SetReject(true)
			err = db.EnqueueOutbox(ctx, []framekeeper.OutboxMessage{
				{Kind: "email", Recipient: "oncall@example.org", Subject: "Crisis alert", Body: "Open the inbox.", Meta: []byte(`{"auto_submitted":"auto-generated"}`)},
				{Kind: "webhook", Recipient: hooks.URL, Body: `{"event":"crisis"}`},
				{Kind: "facebook", Recipient: "12345", Body: "Thanks for reaching out."},
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := w.DeliverDue(ctx); err != nil || n != 2 {
				t.Fatalf("first pass: %d %v (the facebook reply has no sender and must wait)", n, err)
			}
			if hookCalls.Load() != 1 {
				t.Errorf("webhook calls = %d", hookCalls.Load())
			}
			ms, _ := db.FindOutbox(ctx, "", 10)
			status := map[string]string{}
			for _, m := range ms {
				status[m.Kind] = m.Status
			}
			if status["email"] != "failed" || status["webhook"] != "sent" || status["facebook"] != "pending" {
				t.Fatalf("statuses = %v", status)
			}
			// Not yet due: nothing happens; after the back-off it is sent.
			if n, _ := w.DeliverDue(ctx); n != 0 {
				t.Errorf("retried before its time: %d", n)
			}
			smtpd.SetReject(false)
			db.Now = func() time.Time { return now.Add(time.Minute) }
			w.Now = db.Now
			if n, err := w.DeliverDue(ctx); err != nil || n != 1 {
				t.Fatalf("retry pass: %d %v", n, err)
			}
			smtpd.WaitFor(t, "oncall@example.org", "Auto-Submitted: auto-generated", 5*time.Second)
		})
	}
}
