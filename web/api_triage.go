package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

// Intake is the durable intake the web surfaces submit interactions to.
type Intake interface {
	Submit(ctx context.Context, in triage.Interaction, raw []byte) (intake.Stored, bool, error)
	SubmitAnswering(ctx context.Context, in triage.Interaction, raw []byte, replyKind string) (intake.Stored, bool, error)
}

// triageRoutes adds interactions, agendas, alerts and the rota to the API.
func (s *Server) triageRoutes(handle func(string, func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /api/v1/interactions", s.apiCreateInteraction)
	handle("GET /api/v1/interactions", s.apiListInteractions)
	handle("GET /api/v1/interactions/{id}", s.apiGetInteraction)
	handle("GET /api/v1/clients/{id}/agenda", s.apiAgenda)
	handle("POST /api/v1/clients/{id}/agenda", s.apiAddAgenda)
	handle("POST /api/v1/clients/{id}/agenda/{item}/close", s.apiCloseAgenda)
	handle("GET /api/v1/alerts", s.apiAlerts)
	handle("POST /api/v1/alerts/{id}/acknowledge", s.apiAcknowledgeAlert)
	handle("GET /api/v1/oncall", s.apiOnCall)
	handle("PUT /api/v1/oncall", s.apiSetOnCall)
}

// apiCreateInteraction takes one triage input line. It answers 201 with the
// decision once stored and decided; a repeat of an already stored message
// (same channel and id) answers 200 with the same decision. When deciding
// fails the interaction stays stored and is retried: the answer is then 202
// with the interaction's status.
func (s *Server) apiCreateInteraction(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeBytesError(err)
	}
	var in triage.Interaction
	if err := decodeBytes(r, body, &in); err != nil {
		return err
	}
	st, created, err := s.Intake.Submit(r.Context(), in, nil)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	w.Header().Set("Location", "/api/v1/interactions/"+st.ID)
	if st.Decision == nil {
		writeJSON(w, http.StatusAccepted, interactionView(st))
		return nil
	}
	writeJSON(w, status, st.Decision)
	return nil
}

// interactionJSON is an interaction as the API lists it, with its decision.
type interactionJSON struct {
	ID          string             `json:"id"`
	Interaction triage.Interaction `json:"interaction"`
	ReceivedAt  string             `json:"received_at"`
	Status      string             `json:"status"`
	Attempts    int                `json:"attempts"`
	LastError   string             `json:"last_error,omitempty"`
	Decision    *triage.Decision   `json:"decision"`
}

func interactionView(st intake.Stored) interactionJSON {
	return interactionJSON{ID: st.ID, Interaction: st.Input, ReceivedAt: st.ReceivedAt.UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		Status: st.Status, Attempts: st.Attempts, LastError: st.LastError, Decision: st.Decision}
}

func (s *Server) apiListInteractions(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	f := intake.Filter{Limit: limit, Offset: offset, Status: r.URL.Query().Get("status"), ClientID: r.URL.Query().Get("client_id")}
	if v := r.URL.Query().Get("crisis"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return framekeeper.Invalid("crisis", "crisis must be true or false.")
		}
		f.Crisis = &b
	}
	list, total, err := s.Interactions.FindInteractions(r.Context(), a, f)
	if err != nil {
		return err
	}
	out := make([]interactionJSON, len(list))
	for i, st := range list {
		out[i] = interactionView(st)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGetInteraction(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	st, err := s.visibleInteraction(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, interactionView(st))
	return nil
}

// visibleInteraction returns an interaction the actor may see.
func (s *Server) visibleInteraction(ctx context.Context, a framekeeper.Actor, id string) (intake.Stored, error) {
	st, err := s.Interactions.FindInteraction(ctx, id)
	if err != nil {
		return st, err
	}
	if a.Role == framekeeper.RoleTherapist {
		if st.ClientID == "" {
			return st, framekeeper.Errorf(framekeeper.ENOTFOUND, "Interaction not found.")
		}
		if _, err := s.Clients.FindClientByID(ctx, a, st.ClientID); err != nil {
			return st, framekeeper.Errorf(framekeeper.ENOTFOUND, "Interaction not found.")
		}
	}
	if a.Role == framekeeper.RoleFrontDesk && st.ClientID != "" {
		st.Input.Text, st.Raw = "", nil
		if st.Decision != nil {
			d := *st.Decision
			d.ChartNote = nil
			st.Decision = &d
		}
	}
	return st, nil
}

func (s *Server) apiAgenda(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	items, err := s.Agenda.FindAgenda(r.Context(), a, r.PathValue("id"), r.URL.Query().Get("all") == "true")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items)
	return nil
}

func (s *Server) apiAddAgenda(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Text string `json:"text"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	item := framekeeper.AgendaItem{ClientID: r.PathValue("id"), Text: in.Text}
	if err := s.Agenda.AddAgendaItem(r.Context(), a, &item); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, item)
	return nil
}

func (s *Server) apiCloseAgenda(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Note string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	item, err := s.Agenda.CloseAgendaItem(r.Context(), a, r.PathValue("id"), r.PathValue("item"), in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, item)
	return nil
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) error {
	alerts, err := s.Alerts.OpenAlerts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, alerts)
	return nil
}

func (s *Server) apiAcknowledgeAlert(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if err := s.Alerts.AcknowledgeAlert(r.Context(), a, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiOnCall(w http.ResponseWriter, r *http.Request) error {
	rota, err := s.Alerts.OnCall(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rota)
	return nil
}

func (s *Server) apiSetOnCall(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		StaffIDs []string `json:"staff_ids"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Alerts.SetOnCall(r.Context(), a, in.StaffIDs); err != nil {
		return err
	}
	return s.apiOnCall(w, r)
}
