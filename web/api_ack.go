package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
)

// ackRoutes are the acknowledgment routes of the API.
func (s *Server) ackRoutes(handle func(string, func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /api/v1/clients/{id}/acknowledgments", s.apiRequestAck)
	handle("GET /api/v1/clients/{id}/acknowledgments", s.apiListAcks)
	handle("GET /api/v1/acknowledgments", s.apiAckStatus)
	handle("POST /api/v1/acknowledgments/resend", s.apiResendAcks)
	handle("GET /api/v1/acknowledgments/{ack}", s.apiGetAck)
	handle("POST /api/v1/acknowledgments/{ack}/revoke", s.apiRevokeAck)
	handle("POST /api/v1/acknowledgments/{ack}/countersign", s.apiCountersignAck)
	handle("GET /api/v1/acknowledgments/{ack}/pdf", s.apiAckPDF)
}

func (s *Server) acks() (ack.Service, error) {
	if s.Acks == nil {
		return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "Acknowledgments are not configured on this server.")
	}
	return s.Acks, nil
}

// apiRequestAck asks a client (and anyone signing with them) to acknowledge
// the version in force. The answer carries each signer's link.
func (s *Server) apiRequestAck(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	var in struct {
		Signers  []ack.SignerInput `json:"signers"`
		TTLHours int               `json:"ttl_hours"`
	}
	// An empty body means the defaults: the client, for 14 days.
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	req := ack.Request{Signers: in.Signers, TTL: time.Duration(in.TTLHours) * time.Hour}
	out, err := svc.Request(r.Context(), a, r.PathValue("id"), req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/acknowledgments/"+out.ID)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiListAcks(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	list, err := svc.ForClient(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiGetAck(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	out, err := svc.ByID(r.Context(), a, r.PathValue("ack"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiRevokeAck(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	out, err := svc.Revoke(r.Context(), a, r.PathValue("ack"), in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCountersignAck(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	out, err := svc.Countersign(r.Context(), a, r.PathValue("ack"), s.clientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiAckPDF(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	pdf, err := svc.SignedPDF(r.Context(), a, r.PathValue("ack"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="acknowledgment-`+filenameSafe(r.PathValue("ack"))+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
	return nil
}

// apiAckStatus is the practice-wide report: counts by status and every
// current client the caller may see.
func (s *Server) apiAckStatus(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	rep, err := svc.Status(r.Context(), a)
	if err != nil {
		return err
	}
	if st := ack.Status(r.URL.Query().Get("status")); st != "" {
		if !st.Valid() && st != ack.StatusMissing {
			return framekeeper.Invalid("status", "status must be pending, signed, needs_reacknowledgment, expired, revoked or missing.")
		}
		kept := []ack.ClientState{}
		for _, c := range rep.Clients {
			if c.Status == st {
				kept = append(kept, c)
			}
		}
		rep.Clients = kept
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// apiResendAcks sends fresh links to the named clients.
func (s *Server) apiResendAcks(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.acks()
	if err != nil {
		return err
	}
	a, _ := actorFrom(r.Context())
	var in struct {
		ClientIDs []string `json:"client_ids"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if len(in.ClientIDs) == 0 {
		return framekeeper.Invalid("client_ids", "Name at least one client.")
	}
	n, err := svc.Resend(r.Context(), a, in.ClientIDs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"resent": n})
	return nil
}
