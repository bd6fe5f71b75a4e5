// Package deliver sends what decisions put in the outbox: email through the
// SMTP server, signed webhook calls. A message is claimed with a lease, sent,
// and marked sent; a failure is retried with back-off and stays visible, so
// nothing is silently dropped. Kinds with no sender configured here (replies
// on social platforms, SMS outside a webhook answer) are left for a person.
package deliver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/mail"
)

// Store is the outbox.
type Store interface {
	ClaimOutbox(ctx context.Context, kinds []string, limit int, lease time.Duration) ([]framekeeper.OutboxMessage, error)
	OutboxSent(ctx context.Context, id string) error
	OutboxFailed(ctx context.Context, id, reason string, retryAt time.Time) error
}

// EmailMeta is what an email outbox message carries besides its text.
type EmailMeta struct {
	InReplyTo     string `json:"in_reply_to,omitempty"`
	References    string `json:"references,omitempty"`
	AutoSubmitted string `json:"auto_submitted,omitempty"` // auto-replied, auto-generated
}

// Worker delivers the outbox.
type Worker struct {
	Store   Store
	Mail    *mail.Sender // nil: email is not configured and waits
	Webhook *Webhook     // nil: no alert webhook
	Log     *slog.Logger
	// Guard vets a message before it is sent (the outbound guard: no
	// testimonial solicitation, no one's health details). A message it
	// refuses is marked failed with the reason and never sent or retried.
	Guard func(m framekeeper.OutboxMessage) error
	// Interval between passes when there was nothing to do.
	Interval time.Duration
	Now      func() time.Time
	// OnFailure, when set, is called for each failed send (metrics).
	OnFailure func()
}

const lease = 2 * time.Minute

// never is the retry time of a message that must not be retried.
func never() time.Time { return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }

// kinds are the outbox kinds this worker can deliver.
func (w *Worker) kinds() []string {
	var k []string
	if w.Mail != nil {
		k = append(k, "email")
	}
	if w.Webhook != nil {
		k = append(k, "webhook")
	}
	return k
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	interval := w.Interval
	if interval == 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := w.DeliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("Outbox pass failed", "error", err)
		}
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverDue makes one pass: claims due messages and sends them. It returns
// how many it attempted.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	kinds := w.kinds()
	if len(kinds) == 0 {
		return 0, nil
	}
	ms, err := w.Store.ClaimOutbox(ctx, kinds, 20, lease)
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		if w.Guard != nil {
			if gerr := w.Guard(m); gerr != nil {
				reason := "Not sent: the outbound guard refused it. " + framekeeper.ErrorMessage(gerr)
				w.Log.Warn("Outbound guard refused a message", "outbox_id", m.ID, "kind", m.Kind)
				// Retrying cannot change the text, so it is never due again.
				if ferr := w.Store.OutboxFailed(ctx, m.ID, reason, never()); ferr != nil {
					return len(ms), ferr
				}
				continue
			}
		}
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := w.send(sctx, m)
		cancel()
		if err != nil {
			if w.OnFailure != nil {
				w.OnFailure()
			}
			retry := w.now().Add(Backoff(m.Attempts))
			// The recipient is not logged: it may identify a client.
			w.Log.Warn("Delivery failed; will retry", "outbox_id", m.ID, "kind", m.Kind, "attempt", m.Attempts, "retry_at", retry, "error", err)
			if ferr := w.Store.OutboxFailed(ctx, m.ID, err.Error(), retry); ferr != nil {
				return len(ms), ferr
			}
			continue
		}
		if err := w.Store.OutboxSent(ctx, m.ID); err != nil {
			return len(ms), err
		}
	}
	return len(ms), nil
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// Backoff is the wait after the n-th failed attempt: 10 s doubling, at most
// an hour.
func Backoff(attempt int) time.Duration {
	d := 10 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func (w *Worker) send(ctx context.Context, m framekeeper.OutboxMessage) error {
	switch m.Kind {
	case "email":
		var meta EmailMeta
		if len(m.Meta) > 0 {
			if err := json.Unmarshal(m.Meta, &meta); err != nil {
				return fmt.Errorf("outbox meta: %w", err)
			}
		}
		return w.Mail.Send(ctx, &mail.Message{To: []string{m.Recipient}, Subject: m.Subject, Text: m.Body, Headers: map[string]string{
			"In-Reply-To": meta.InReplyTo, "References": meta.References, "Auto-Submitted": meta.AutoSubmitted}})
	case "webhook":
		return w.Webhook.Post(ctx, m.Recipient, []byte(m.Body))
	}
	return fmt.Errorf("no sender for %s messages", m.Kind)
}

// Webhook posts JSON to a URL with an HMAC-SHA256 signature of the body, so
// the receiver can check the call came from this practice.
type Webhook struct {
	Secret string
	Client *http.Client
}

// SignatureHeader carries "sha256=" + hex HMAC-SHA256 of the body.
const SignatureHeader = "X-Framekeeper-Signature"

// Sign returns the signature header value of a body.
func (h *Webhook) Sign(body []byte) string {
	mac := hmac.New(sha256.New, []byte(h.Secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Post sends the body; any status but 2xx is a failure to retry.
func (h *Webhook) Post(ctx context.Context, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Framekeeper")
	req.Header.Set(SignatureHeader, h.Sign(body))
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", res.Status)
	}
	return nil
}
