package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/audit"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

// ChannelStore is what the webhooks and the channel pages keep and read
// besides interactions (storage.DB implements it).
type ChannelStore interface {
	RecordIgnoredEvents(ctx context.Context, es []framekeeper.IgnoredEvent) error
	IgnoredEvents(ctx context.Context, actor framekeeper.Actor, limit int) ([]framekeeper.IgnoredEvent, error)
	// TakeReply claims the pending reply of a kind for an interaction, for
	// an answer sent in the webhook response; OutboxSent marks it sent.
	TakeReply(ctx context.Context, interactionID, kind string) (framekeeper.OutboxMessage, bool, error)
	OutboxSent(ctx context.Context, id string) error
	SaveAudit(ctx context.Context, r *audit.Report) error
	Setting(ctx context.Context, key string, v any) error
	SaveSetting(ctx context.Context, actor framekeeper.Actor, key string, v any) error
}

// ChannelConfig is how the deployment's channels are set up: secrets come
// from the environment or *_FILE and are never shown back in full.
type ChannelConfig struct {
	TwilioAuthToken string
	MetaAppSecret   string
	MetaVerifyToken string
	XConsumerSecret string
	// TwilioURL is the exact webhook URL configured at Twilio, when a proxy
	// serves /hooks/twilio/sms under another path; empty: the public URL
	// and the request's path and query.
	TwilioURL string
	// Descriptions for the channels page (no secrets in them).
	SMTPIntakeAddr   string // host:port of the mail intake listener
	IntakeRecipients string // the addresses and domains it accepts
	IMAP             string // the polled mailbox, password hidden
	SMTPOut          string // outgoing mail server, password hidden
	MailFrom         string
}

// ChannelTest checks one channel for real (sends a test email, logs in to
// the mailbox) and says what happened.
type ChannelTest func(ctx context.Context, actor framekeeper.Actor) (string, error)

// maxHookBody bounds a webhook delivery: providers send kilobytes; a
// larger body is refused with 413 before it is read.
const maxHookBody = 1 << 20

// hooks serves provider webhooks. They need no login and no CSRF check:
// each request proves itself by the provider's signature over the body,
// checked in constant time before anything is parsed or stored.
type hooks struct {
	s       *Server
	limiter *logLimiter
}

// hookRoutes is the route table of the webhooks under /hooks/.
func (s *Server) hookRoutes() http.Handler {
	h := &hooks{s: s, limiter: &logLimiter{every: time.Minute, last: map[string]time.Time{}, dropped: map[string]int{}}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hooks/twilio/sms", h.twilioSMS)
	mux.HandleFunc("GET /hooks/meta", h.metaVerify)
	mux.HandleFunc("POST /hooks/meta", h.metaEvent)
	mux.HandleFunc("GET /hooks/x", h.xCRC)
	mux.HandleFunc("POST /hooks/x", h.xEvent)
	return mux
}

// readBody reads a size-limited body, answering 413 when it is too big.
func (h *hooks) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxHookBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "could not read body", http.StatusBadRequest)
		}
		return nil, false
	}
	return body, true
}

// rejected answers a request whose signature failed: nothing is stored, and
// one log line per provider per minute says so (a flood of forgeries must
// not flood the log).
func (h *hooks) rejected(w http.ResponseWriter, r *http.Request, provider string, status int) {
	if ok, dropped := h.limiter.allow(provider); ok {
		h.s.log.Warn("Webhook signature rejected", "provider", provider, "remote", h.s.clientIP(r), "status", status,
			"suppressed_since_last", dropped, "request_id", requestID(r.Context()))
	}
	http.Error(w, http.StatusText(status), status)
}

// notConfigured answers for a channel whose secret is not set.
// signedBody reads a JSON delivery signed over its raw body (Meta, X) and
// checks the signature before anything parses it. It answers the request
// itself when the channel is not configured or the signature is missing
// (401) or wrong (403), and then returns false.
func (h *hooks) signedBody(w http.ResponseWriter, r *http.Request, provider, secret, header string, verify func(secret string, body []byte, sig string) bool) ([]byte, bool) {
	if secret == "" {
		notConfigured(w)
		return nil, false
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return nil, false
	}
	sig := r.Header.Get(header)
	if sig == "" {
		h.rejected(w, r, provider, http.StatusUnauthorized)
		return nil, false
	}
	if !verify(secret, body, sig) {
		h.rejected(w, r, provider, http.StatusForbidden)
		return nil, false
	}
	return body, true
}

func notConfigured(w http.ResponseWriter) {
	http.Error(w, "channel not configured", http.StatusNotFound)
}

// submitAll stores and decides each interaction of a delivery and keeps the
// events that are not interactions, and the entries intake refuses. Any
// other failure answers 500 so the provider delivers again; what was stored
// is de-duplicated then.
func (h *hooks) submitAll(w http.ResponseWriter, r *http.Request, body []byte, ins []triage.Interaction, ignored []framekeeper.IgnoredEvent) bool {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	now := time.Now().UTC()
	for _, in := range ins {
		if in.At.IsZero() {
			in.At = now
		}
		_, _, err := h.s.Intake.Submit(ctx, in, body)
		if framekeeper.ErrorCode(err) == framekeeper.EINVALID {
			// One entry intake refuses must not cost the others in the
			// delivery: answered with an error, the provider would send
			// the whole delivery again, fail on the same entry, and never
			// deliver the messages after it. It is kept raw with the
			// reason, for the Channels page, like an event that is not an
			// interaction.
			h.s.log.Warn("Webhook entry refused by intake; kept as an ignored event", "channel", in.Channel, "kind", in.Kind,
				"error", framekeeper.ErrorMessage(err), "request_id", requestID(r.Context()))
			ignored = append(ignored, framekeeper.IgnoredEvent{Channel: string(in.Channel), Type: string(in.Kind), ExternalID: in.ID,
				Reason: "refused by intake: " + framekeeper.ErrorMessage(err)})
			continue
		}
		if err != nil {
			h.hookError(w, r, in.Channel, err)
			return false
		}
	}
	for i := range ignored {
		ignored[i].Raw = body
	}
	if h.s.Channels != nil {
		if err := h.s.Channels.RecordIgnoredEvents(ctx, ignored); err != nil {
			h.hookError(w, r, "", err)
			return false
		}
	}
	return true
}

func (h *hooks) hookError(w http.ResponseWriter, r *http.Request, channel triage.Channel, err error) {
	if framekeeper.ErrorCode(err) == framekeeper.EINVALID {
		http.Error(w, framekeeper.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	h.s.log.Error("Webhook intake failed", "channel", channel, "error", err, "request_id", requestID(r.Context()))
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// logLimiter lets one log line per key through per interval and counts the
// rest.
type logLimiter struct {
	mu      sync.Mutex
	every   time.Duration
	last    map[string]time.Time
	dropped map[string]int
}

func (l *logLimiter) allow(key string) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if t, ok := l.last[key]; ok && now.Sub(t) < l.every {
		l.dropped[key]++
		return false, 0
	}
	n := l.dropped[key]
	l.last[key], l.dropped[key] = now, 0
	return true, n
}

// storedReply is the reply text of a decision on a channel, if any.
func storedReply(st intake.Stored, ch triage.Channel) string {
	if st.Decision == nil || st.Decision.Reply == nil || st.Decision.Reply.Channel != ch {
		return ""
	}
	return st.Decision.Reply.Text
}
