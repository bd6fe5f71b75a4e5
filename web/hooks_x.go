package web

import (
	"net/http"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake/xapi"
)

// xCRC answers X's challenge-response check, which X repeats hourly to
// confirm the webhook still belongs to the app.
func (h *hooks) xCRC(w http.ResponseWriter, r *http.Request) {
	secret := h.s.cfg.Channels.XConsumerSecret
	if secret == "" {
		notConfigured(w)
		return
	}
	token := r.URL.Query().Get("crc_token")
	if token == "" || len(token) > 1024 {
		http.Error(w, "crc_token is required", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(xapi.CRCResponseJSON(secret, token))
}

// xEvent takes an Account Activity delivery: follows, direct messages and
// mentions become interactions; the rest is kept as ignored events.
func (h *hooks) xEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := h.signedBody(w, r, "x", h.s.cfg.Channels.XConsumerSecret, xapi.SignatureHeader, xapi.VerifySignature)
	if !ok {
		return
	}
	res, err := xapi.Parse(body)
	if err != nil {
		http.Error(w, framekeeper.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	ignored := make([]framekeeper.IgnoredEvent, len(res.Ignored))
	for i, e := range res.Ignored {
		ignored[i] = framekeeper.IgnoredEvent{Channel: "x", Type: e.Type, ExternalID: e.ID, Reason: e.Reason}
	}
	if !h.submitAll(w, r, body, res.Interactions, ignored) {
		return
	}
	w.WriteHeader(http.StatusOK)
}
