package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/governance"
	"github.com/framekeeper/framekeeper/postcheck"
)

// governanceRoutes adds search requests, consents, post checks, the
// practice's editable messages and self-audits to the API.
func (s *Server) governanceRoutes(handle func(string, func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /api/v1/search-requests", s.apiRequestSearch)
	handle("GET /api/v1/search-requests", s.apiListSearches)
	handle("GET /api/v1/search-requests/{id}", s.apiGetSearch)
	handle("POST /api/v1/search-requests/{id}/approve", s.apiApproveSearch(true))
	handle("POST /api/v1/search-requests/{id}/decline", s.apiApproveSearch(false))
	handle("POST /api/v1/search-requests/{id}/outcome", s.apiSearchOutcome)
	handle("GET /api/v1/clients/{id}/consents", s.apiListConsents)
	handle("POST /api/v1/clients/{id}/consents", s.apiRecordConsent)
	handle("POST /api/v1/clients/{id}/consents/{cid}/revoke", s.apiRevokeConsent)
	handle("POST /api/v1/post-checks", s.apiPostCheck)
	handle("GET /api/v1/message-templates", s.apiMessageTemplates)
	handle("PUT /api/v1/message-templates/{name}", s.apiSaveMessageTemplate)
	handle("GET /api/v1/governance/settings", s.apiGovernanceSettings)
	handle("PUT /api/v1/governance/settings", s.apiSaveGovernanceSettings)
	handle("GET /api/v1/self-audits", s.apiSelfAudits)
	handle("POST /api/v1/self-audits", s.apiCompleteSelfAudit)
}

func (s *Server) apiRequestSearch(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in governance.SearchInput
	if err := decode(r, &in); err != nil {
		return err
	}
	sr, err := s.Governance.RequestSearch(r.Context(), a, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/search-requests/"+sr.ID)
	writeJSON(w, http.StatusCreated, sr)
	return nil
}

func (s *Server) apiListSearches(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	q := r.URL.Query()
	limit, _, err := pageParams(r)
	if err != nil {
		return err
	}
	f := governance.SearchFilter{ClientID: q.Get("client_id"), Limit: limit}
	switch q.Get("overdue") {
	case "", "false", "0":
	case "true", "1":
		f.Overdue = true
	default:
		return framekeeper.Invalid("overdue", "overdue must be true or false.")
	}
	list, err := s.Governance.FindSearchRequests(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiGetSearch(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	sr, err := s.Governance.FindSearchRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sr)
	return nil
}

func (s *Server) apiApproveSearch(approve bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _ := actorFrom(r.Context())
		var in struct {
			Note string `json:"note"`
		}
		if r.ContentLength != 0 {
			if err := decode(r, &in); err != nil {
				return err
			}
		}
		sr, err := s.Governance.ApproveSearch(r.Context(), a, r.PathValue("id"), approve, in.Note)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, sr)
		return nil
	}
}

func (s *Server) apiSearchOutcome(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var o governance.Outcome
	if err := decode(r, &o); err != nil {
		return err
	}
	sr, err := s.Governance.RecordSearchOutcome(r.Context(), a, r.PathValue("id"), o)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sr)
	return nil
}

func (s *Server) apiListConsents(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	cs, err := s.Consents.FindConsents(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

// consentInput is a consent as the API takes it; dates may be plain dates.
type consentInput struct {
	Kind      consent.Kind `json:"kind"`
	Granted   *bool        `json:"granted"`
	Scope     string       `json:"scope"`
	Channel   string       `json:"channel"`
	GivenAt   string       `json:"given_at"`
	ExpiresAt string       `json:"expires_at"`
}

func (in consentInput) consent(clientID string) (consent.Consent, error) {
	c := consent.Consent{ClientID: clientID, Kind: in.Kind, Granted: in.Granted == nil || *in.Granted, Scope: in.Scope, Channel: in.Channel}
	var err error
	if c.GivenAt, err = consent.ParseDate("given_at", in.GivenAt); err != nil {
		return c, err
	}
	exp, err := consent.ParseDate("expires_at", in.ExpiresAt)
	if err != nil {
		return c, err
	}
	if !exp.IsZero() {
		c.ExpiresAt = &exp
	}
	return c, nil
}

func (s *Server) apiRecordConsent(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in consentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := in.consent(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Consents.RecordConsent(r.Context(), a, &c); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiRevokeConsent(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Note string `json:"note"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	c, err := s.Consents.RevokeConsent(r.Context(), a, r.PathValue("id"), r.PathValue("cid"), in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// maxDraft bounds a draft post: longer than any platform allows.
const maxDraft = 64 << 10

// checkDraft lints a draft post, refusing an empty one.
func (s *Server) checkDraft(text string) ([]postcheck.Finding, error) {
	switch {
	case strings.TrimSpace(text) == "":
		return nil, framekeeper.Invalid("text", "Paste the draft post to check.")
	case !utf8.ValidString(text):
		return nil, framekeeper.Invalid("text", "The draft is not valid UTF-8.")
	case len(text) > maxDraft:
		return nil, framekeeper.Invalid("text", "The draft is longer than %d bytes.", maxDraft)
	case s.PostCheck == nil:
		return nil, framekeeper.Errorf(framekeeper.EINTERNAL, "post checks are not configured")
	}
	return s.PostCheck.Check(text), nil
}

func (s *Server) apiPostCheck(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Text string `json:"text"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	fs, err := s.checkDraft(in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"findings": fs})
	return nil
}

func (s *Server) apiMessageTemplates(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if a.Role == framekeeper.RoleFrontDesk {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read the practice's message templates.")
	}
	ts, redirect, err := s.Governance.Templates(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"redirect_replies": redirect, "templates": ts})
	return nil
}

func (s *Server) apiSaveMessageTemplate(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Text string `json:"text"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.Governance.SaveTemplate(r.Context(), a, r.PathValue("name"), in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiGovernanceSettings(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.Governance.GovernanceSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, gs)
	return nil
}

func (s *Server) apiSaveGovernanceSettings(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	gs, err := s.Governance.GovernanceSettings(r.Context())
	if err != nil {
		return err
	}
	if err := decode(r, &gs); err != nil {
		return err
	}
	if err := s.Governance.SaveGovernanceSettings(r.Context(), a, gs); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, gs.WithDefaults())
	return nil
}

// checklistJSON is one checklist item.
type checklistJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Explanation string `json:"explanation"`
}

func checklist() []checklistJSON {
	var out []checklistJSON
	for _, it := range governance.Checklist() {
		out = append(out, checklistJSON{it.ID, it.Title, it.Explanation})
	}
	return out
}

func (s *Server) apiSelfAudits(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if a.Role == framekeeper.RoleFrontDesk {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "The self-audit is for clinicians.")
	}
	st, err := s.Governance.SelfAuditStatus(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"checklist": checklist(), "status": st})
	return nil
}

func (s *Server) apiCompleteSelfAudit(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in governance.SelfAudit
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Governance.CompleteSelfAudit(r.Context(), a, &in); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, in)
	return nil
}
