package deliver_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/deliver"
	"github.com/framekeeper/framekeeper/mail"
	"github.com/framekeeper/framekeeper/mail/mailtest"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// TestGuardStopsSolicitation: a message asking clients for reviews is marked
// failed with the guard's reason, never reaches the SMTP server and is never
// retried; a plain one is sent.
func TestGuardStopsSolicitation(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storagetest.Open(t, engine)
			smtpd := mailtest.Start(t)
			sender, err := mail.NewSender(smtpd.URL(), "Practice <office@example.org>")
			if err != nil {
				t.Fatal(err)
			}
			guard := func(m framekeeper.OutboxMessage) error { return storage.OutboundGuard().Check(m.Body) }
			now := time.Now()
			w := &deliver.Worker{Store: db, Mail: sender, Guard: guard, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}
			if err := db.EnqueueOutbox(ctx, []framekeeper.OutboxMessage{
				{Kind: "email", Recipient: "client@example.org", Subject: "Your appointment", Body: "See you Tuesday! If you liked our work, please leave us a review on Yelp."},
				{Kind: "email", Recipient: "other@example.org", Subject: "Your appointment", Body: "See you Tuesday at 10."},
			}); err != nil {
				t.Fatal(err)
			}
			if n, err := w.DeliverDue(ctx); err != nil || n != 2 {
				t.Fatalf("pass: %d %v", n, err)
			}
			smtpd.WaitFor(t, "other@example.org", "Tuesday at 10", 5*time.Second)
			for _, m := range smtpd.Messages() {
				if strings.Contains(strings.Join(m.To, ","), "client@example.org") {
					t.Fatal("the soliciting message was sent")
				}
			}
			ms, _ := db.FindOutbox(ctx, "", 10)
			for _, m := range ms {
				if m.Recipient == "client@example.org" && (m.Status != framekeeper.OutboxFailed || !strings.Contains(m.LastError, "outbound guard")) {
					t.Fatalf("refused message: %+v", m)
				}
			}
			db.Now = func() time.Time { return now.AddDate(1, 0, 0) }
			if n, _ := w.DeliverDue(ctx); n != 0 {
				t.Fatalf("a refused message came due again: %d", n)
			}
		})
	}
}
