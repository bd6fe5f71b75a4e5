package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

// Review is what the inbox does with a decision a person must look at.
type Review interface {
	ConfirmSender(ctx context.Context, actor framekeeper.Actor, interactionID string) error
	RejectSender(ctx context.Context, actor framekeeper.Actor, interactionID string) error
	ReviewReply(ctx context.Context, actor framekeeper.Actor, outboxID, text string, send bool, check func(string) error) error
	FindOutbox(ctx context.Context, interactionID string, limit int) ([]framekeeper.OutboxMessage, error)
}

// inboxConsoleRoutes adds the inbox to the console route table.
func (s *Server) inboxConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("GET /console/inbox", s.inbox)
	staff("POST /console/inbox", s.inboxLog)
	staff("GET /console/inbox/{id}", s.inboxItem)
	staff("POST /console/inbox/{id}/confirm", s.inboxConfirm)
	staff("POST /console/inbox/{id}/reject", s.inboxReject)
	staff("POST /console/inbox/{id}/reply/{reply}", s.inboxReply)
	staff("POST /console/alerts/{id}/acknowledge", s.alertAcknowledge)
}

// inboxRow is one interaction in the list.
type inboxRow struct {
	intake.Stored
	Sender string
}

func (s *Server) senderLabel(ctx context.Context, a framekeeper.Actor, st intake.Stored) string {
	if st.Decision != nil && st.Decision.Sender.ClientID != "" {
		if c, err := s.Clients.FindClientByID(ctx, a, st.Decision.Sender.ClientID); err == nil {
			label := c.Name
			if st.Decision.Sender.Match == triage.MatchFuzzy {
				label += " (name match — please confirm)"
			}
			return label
		}
	}
	f := st.Input.From
	for _, v := range []string{f.Name, f.Email, f.Phone, f.Handle} {
		if v != "" {
			return v
		}
	}
	return "Unknown sender"
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	pg = max(pg, 1)
	f := intake.Filter{Limit: 50, Offset: (pg - 1) * 50, ByUrgency: true, Status: q.Get("status")}
	list, total, err := s.Interactions.FindInteractions(r.Context(), a, f)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	rows := make([]inboxRow, len(list))
	for i, st := range list {
		rows[i] = inboxRow{Stored: st, Sender: s.senderLabel(r.Context(), a, st)}
	}
	data := map[string]any{"Rows": rows, "Total": total, "Kinds": triage.Kinds(), "Channels": triage.Channels(), "Page": pg, "Form": triage.Interaction{}}
	if pg*50 < total {
		data["Next"] = "/console/inbox?page=" + strconv.Itoa(pg+1)
	}
	if pg > 1 {
		data["Prev"] = "/console/inbox?page=" + strconv.Itoa(pg-1)
	}
	p := &page{Title: "Inbox", Data: data}
	if q.Get("logged") != "" {
		p.Flash = "Logged and decided. See it below."
	}
	s.render(w, r, http.StatusOK, "inbox", p)
}

// inboxLog records an interaction no channel delivers: a friend request on
// a therapist's personal account, an incidental encounter, a phone call.
func (s *Server) inboxLog(w http.ResponseWriter, r *http.Request) {
	in := triage.Interaction{Kind: triage.Kind(r.PostFormValue("kind")), Channel: triage.Channel(r.PostFormValue("channel")),
		From: triage.Sender{Name: strings.TrimSpace(r.PostFormValue("from_name")), Email: strings.TrimSpace(r.PostFormValue("from_email")),
			Phone: strings.TrimSpace(r.PostFormValue("from_phone")), Platform: r.PostFormValue("from_platform"), Handle: strings.TrimSpace(r.PostFormValue("from_handle"))},
		Text: r.PostFormValue("text"), To: "practice"}
	if in.From.Handle != "" && in.From.Platform == "" && (in.Channel == triage.ChannelFacebook || in.Channel == triage.ChannelInstagram || in.Channel == triage.ChannelX || in.Channel == triage.ChannelLinkedIn) {
		in.From.Platform = string(in.Channel)
	}
	st, _, err := s.Intake.Submit(r.Context(), in, nil)
	if err != nil {
		a, _ := actorFrom(r.Context())
		list, total, lerr := s.Interactions.FindInteractions(r.Context(), a, intake.Filter{Limit: 50, ByUrgency: true})
		if lerr != nil {
			s.consoleError(w, r, lerr)
			return
		}
		rows := make([]inboxRow, len(list))
		for i, st := range list {
			rows[i] = inboxRow{Stored: st, Sender: s.senderLabel(r.Context(), a, st)}
		}
		p := &page{Title: "Inbox", Data: map[string]any{"Rows": rows, "Total": total, "Kinds": triage.Kinds(), "Channels": triage.Channels(), "Page": 1, "Form": in}}
		formError(p, err)
		s.render(w, r, statusOf(err), "inbox", p)
		return
	}
	http.Redirect(w, r, "/console/inbox/"+st.ID+"?logged=1", http.StatusSeeOther)
}

func (s *Server) inboxItem(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	st, err := s.visibleInteraction(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	replies, err := s.Review.FindOutbox(r.Context(), st.ID, 20)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	var msgs []framekeeper.OutboxMessage
	for _, m := range replies {
		// Alert emails and webhooks are listed apart from replies.
		if m.Kind != "webhook" && !strings.HasPrefix(m.Subject, "Crisis alert") {
			msgs = append(msgs, m)
		}
	}
	var alert *framekeeper.Alert
	if open, err := s.Alerts.OpenAlerts(r.Context()); err == nil {
		for i := range open {
			if open[i].InteractionID == st.ID {
				alert = &open[i]
			}
		}
	}
	p := &page{Title: "Interaction", Data: map[string]any{"Item": st, "Sender": s.senderLabel(r.Context(), a, st), "Replies": msgs, "Alert": alert,
		"CanReview": a.CanWriteChart()}}
	switch r.URL.Query().Get("done") {
	case "confirmed":
		p.Flash = "Sender confirmed; the chart, agenda and reply follow."
	case "rejected":
		p.Flash = "Noted: not this client. Nothing was sent or recorded for them."
	case "sent":
		p.Flash = "The reply will be sent."
	case "skipped":
		p.Flash = "The reply was skipped."
	case "ack":
		p.Flash = "Alert acknowledged."
	}
	if r.URL.Query().Get("logged") != "" {
		p.Flash = "Logged and decided."
	}
	s.render(w, r, http.StatusOK, "interaction", p)
}

func (s *Server) inboxConfirm(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.Review.ConfirmSender(r.Context(), a, r.PathValue("id")); err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/inbox/"+r.PathValue("id")+"?done=confirmed", http.StatusSeeOther)
}

func (s *Server) inboxReject(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.Review.RejectSender(r.Context(), a, r.PathValue("id")); err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/inbox/"+r.PathValue("id")+"?done=rejected", http.StatusSeeOther)
}

func (s *Server) inboxReply(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	send := r.PostFormValue("action") == "send"
	if err := s.Review.ReviewReply(r.Context(), a, r.PathValue("reply"), r.PostFormValue("text"), send, s.OutboundCheck); err != nil {
		s.consoleError(w, r, err)
		return
	}
	done := "skipped"
	if send {
		done = "sent"
	}
	http.Redirect(w, r, "/console/inbox/"+r.PathValue("id")+"?done="+done, http.StatusSeeOther)
}

func (s *Server) alertAcknowledge(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.Alerts.AcknowledgeAlert(r.Context(), a, r.PathValue("id")); err != nil {
		s.consoleError(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	http.Redirect(w, r, safeNext(back), http.StatusSeeOther)
}
