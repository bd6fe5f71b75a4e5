package web

import (
	"net/http"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake/meta"
)

// metaVerify answers the subscription handshake Meta sends when the webhook
// is set up.
func (h *hooks) metaVerify(w http.ResponseWriter, r *http.Request) {
	token := h.s.cfg.Channels.MetaVerifyToken
	if token == "" {
		notConfigured(w)
		return
	}
	challenge, ok := meta.Handshake(r.URL.Query(), token)
	if !ok {
		h.rejected(w, r, "meta", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(challenge))
}

// metaEvent takes a Page or Instagram delivery: messages and comments
// become interactions (the pipeline de-duplicates on the message or comment
// id), everything else is kept as an ignored event.
func (h *hooks) metaEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := h.signedBody(w, r, "meta", h.s.cfg.Channels.MetaAppSecret, meta.SignatureHeader, meta.VerifySignature)
	if !ok {
		return
	}
	res, err := meta.Parse(body)
	if err != nil {
		http.Error(w, framekeeper.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	channel := "facebook"
	if res.Object == "instagram" {
		channel = "instagram"
	}
	ignored := make([]framekeeper.IgnoredEvent, len(res.Ignored))
	for i, e := range res.Ignored {
		ignored[i] = framekeeper.IgnoredEvent{Channel: channel, Type: e.Type, ExternalID: e.ID, Reason: e.Reason}
	}
	if !h.submitAll(w, r, body, res.Interactions, ignored) {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("EVENT_RECEIVED"))
}
