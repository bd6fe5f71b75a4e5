package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper/intake/twilio"
	"github.com/framekeeper/framekeeper/triage"
)

// twilioSMS takes an incoming text. The signature covers the URL Twilio was
// configured with (the public URL, never the Host header, which a client
// chooses) and the form; only then is the message parsed and stored. The
// answer is TwiML within Twilio's 15-second window: the decision's reply as
// a Message (the sms outbox entry is then marked sent, once the answer is
// on its way), or an empty Response.
func (h *hooks) twilioSMS(w http.ResponseWriter, r *http.Request) {
	token := h.s.cfg.Channels.TwilioAuthToken
	if token == "" {
		notConfigured(w)
		return
	}
	if h.s.cfg.PublicURL == "" && h.s.cfg.Channels.TwilioURL == "" {
		h.s.log.Error("Twilio webhook refused: FRAMEKEEPER_PUBLIC_URL is not set, so the signature cannot be checked")
		http.Error(w, "public URL not configured", http.StatusServiceUnavailable)
		return
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	sig := r.Header.Get("X-Twilio-Signature")
	if sig == "" {
		h.rejected(w, r, "twilio", http.StatusUnauthorized)
		return
	}
	fullURL := strings.TrimSuffix(h.s.cfg.PublicURL, "/") + r.URL.RequestURI()
	if h.s.cfg.Channels.TwilioURL != "" {
		fullURL = h.s.cfg.Channels.TwilioURL
	}
	if err != nil || !twilio.ValidateSignature(token, fullURL, form, sig) {
		h.rejected(w, r, "twilio", http.StatusForbidden)
		return
	}
	in, err := twilio.ParseSMS(form)
	if err != nil {
		http.Error(w, "malformed message", http.StatusBadRequest)
		return
	}
	in.At = time.Now().UTC()
	// Leave time to answer inside Twilio's window even if deciding is slow:
	// the message is stored first, and its reply then waits in the outbox.
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	st, _, err := h.s.Intake.SubmitAnswering(ctx, in, body, "sms")
	if err != nil {
		h.hookError(w, r, triage.ChannelSMS, err)
		return
	}
	reply := ""
	var outboxID string
	if st.Reply != nil {
		// Taken for this response when the interaction was stored.
		reply, outboxID = st.Reply.Body, st.Reply.ID
	} else if storedReply(st, triage.ChannelSMS) != "" && h.s.Channels != nil {
		m, ok, err := h.s.Channels.TakeReply(ctx, st.ID, "sms")
		if err != nil {
			h.s.log.Error("Take SMS reply", "interaction_id", st.ID, "error", err)
		} else if ok {
			reply, outboxID = m.Body, m.ID
		}
	}
	doc := twilio.TwiML(reply)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	// With its length declared the answer is complete once flushed below;
	// without, it would be chunked, and its last chunk would wait for the
	// handler to return.
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	if _, err := w.Write(doc); err != nil || outboxID == "" {
		return
	}
	// Send the answer now rather than when the handler returns: marking the
	// reply sent is a write (a commit) of its own that Twilio need not wait
	// for. Unsent, the reply stays "sending" until its lease ends.
	if err := http.NewResponseController(w).Flush(); err != nil {
		return
	}
	if err := h.s.Channels.OutboxSent(context.WithoutCancel(ctx), outboxID); err != nil {
		h.s.log.Error("Mark SMS reply sent", "outbox_id", outboxID, "error", err)
	}
}
