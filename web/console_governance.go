package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/governance"
	"github.com/framekeeper/framekeeper/postcheck"
)

// governanceConsoleRoutes adds search requests, the post checker, the
// practice's messages, self-audits and client consents to the console.
func (s *Server) governanceConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("GET /console/governance/searches", s.searchesPage)
	staff("POST /console/governance/searches", s.searchCreate)
	staff("GET /console/governance/searches/{id}", s.searchPage)
	staff("POST /console/governance/searches/{id}/approve", s.searchApprove(true))
	staff("POST /console/governance/searches/{id}/decline", s.searchApprove(false))
	staff("POST /console/governance/searches/{id}/outcome", s.searchOutcome)
	staff("GET /console/governance/post-check", s.postCheckPage)
	staff("POST /console/governance/post-check", s.postCheckSubmit)
	staff("GET /console/governance/templates", s.templatesPage)
	staff("POST /console/governance/templates/{name}", s.templateSave)
	staff("POST /console/governance/redirect-replies", s.redirectSave)
	staff("GET /console/governance/self-audit", s.selfAuditPage)
	staff("POST /console/governance/self-audit", s.selfAuditSubmit)
	staff("POST /console/governance/settings", s.governanceSettingsSave)
	staff("POST /console/clients/{id}/consents", s.consentCreate)
	staff("POST /console/clients/{id}/consents/{cid}/revoke", s.consentRevoke)
}

// Scope targets of seed 002: what a crisis search may look for.
var scopeTargets = []struct{ Value, Label string }{
	{"the client", "The client"},
	{"someone close to the client", "Someone close to them"},
	{"the client's recent status updates", "Their recent status updates"},
}

// searchForm is the new-request form as typed.
type searchForm struct {
	ClientID, Grounds, ContactAttempts, Where string
	Targets                                   map[string]bool
}

func (f searchForm) scope() string {
	var parts []string
	for _, t := range scopeTargets {
		if f.Targets[t.Value] {
			parts = append(parts, t.Value)
		}
	}
	s := strings.Join(parts, ", ")
	if w := strings.TrimSpace(f.Where); w != "" {
		if s != "" {
			s += "; "
		}
		s += "where: " + w
	}
	return s
}

func (s *Server) searchesPage(w http.ResponseWriter, r *http.Request) {
	s.renderSearches(w, r, http.StatusOK, &page{Title: "Online searches"}, searchForm{ClientID: r.URL.Query().Get("client"), Targets: map[string]bool{}})
}

func (s *Server) renderSearches(w http.ResponseWriter, r *http.Request, status int, p *page, f searchForm) {
	a, _ := actorFrom(r.Context())
	overdue := r.URL.Query().Get("overdue") == "1"
	list, err := s.Governance.FindSearchRequests(r.Context(), a, governance.SearchFilter{Overdue: overdue})
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	var late []governance.SearchRequest
	if isSupervisorRole(a) {
		if late, err = s.Governance.FindSearchRequests(r.Context(), a, governance.SearchFilter{Overdue: true}); err != nil {
			s.consoleError(w, r, err)
			return
		}
	}
	clients, _, err := s.Clients.FindClients(r.Context(), a, framekeeper.ClientFilter{Limit: 500})
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	gs, err := s.Governance.GovernanceSettings(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	p.Data = map[string]any{"Requests": list, "Overdue": late, "OnlyOverdue": overdue, "Clients": clients, "Form": f,
		"Targets": scopeTargets, "Supervisor": isSupervisorRole(a), "Admin": a.Role == framekeeper.RoleAdmin, "Settings": gs}
	s.render(w, r, status, "searches", p)
}

func isSupervisorRole(a framekeeper.Actor) bool {
	return a.Role == framekeeper.RoleAdmin || a.Role == framekeeper.RoleSupervisor
}

func (s *Server) searchCreate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EINVALID, "The form could not be read."))
		return
	}
	f := searchForm{ClientID: r.PostFormValue("client_id"), Grounds: r.PostFormValue("grounds"), ContactAttempts: r.PostFormValue("contact_attempts"),
		Where: r.PostFormValue("where"), Targets: map[string]bool{}}
	for _, t := range r.PostForm["target"] {
		f.Targets[t] = true
	}
	sr, err := s.Governance.RequestSearch(r.Context(), a, governance.SearchInput{ClientID: f.ClientID, Grounds: f.Grounds,
		ContactAttempts: f.ContactAttempts, Scope: f.scope()})
	if err != nil {
		p := &page{Title: "Online searches"}
		formError(p, err)
		s.renderSearches(w, r, statusOf(err), p, f)
		return
	}
	http.Redirect(w, r, "/console/governance/searches/"+sr.ID+"?saved=1", http.StatusSeeOther)
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Search request"}
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = "The request is decided and documented in the chart."
	}
	s.renderSearch(w, r, http.StatusOK, p, governance.Outcome{})
}

func (s *Server) renderSearch(w http.ResponseWriter, r *http.Request, status int, p *page, o governance.Outcome) {
	a, _ := actorFrom(r.Context())
	sr, err := s.Governance.FindSearchRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	p.Data = map[string]any{"R": sr, "Supervisor": isSupervisorRole(a), "Outcome": o,
		"CanRecord": sr.Status == governance.StatusApproved && (sr.RequestedBy == a.StaffID || isSupervisorRole(a))}
	s.render(w, r, status, "search", p)
}

func (s *Server) searchApprove(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, _ := actorFrom(r.Context())
		if _, err := s.Governance.ApproveSearch(r.Context(), a, r.PathValue("id"), approve, r.PostFormValue("note")); err != nil {
			if statusOf(err) == http.StatusBadRequest || statusOf(err) == http.StatusConflict {
				p := &page{Title: "Search request"}
				formError(p, err)
				s.renderSearch(w, r, statusOf(err), p, governance.Outcome{})
				return
			}
			s.consoleError(w, r, err)
			return
		}
		http.Redirect(w, r, "/console/governance/searches/"+r.PathValue("id"), http.StatusSeeOther)
	}
}

func (s *Server) searchOutcome(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	o := governance.Outcome{LookedAt: r.PostFormValue("looked_at"), Found: r.PostFormValue("found")}
	fail := func(err error) {
		p := &page{Title: "Search request"}
		formError(p, err)
		s.renderSearch(w, r, statusOf(err), p, o)
	}
	if v := r.PostFormValue("ended_at"); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, time.Local)
		if err != nil {
			fail(framekeeper.Invalid("ended_at", "Give the time the search ended."))
			return
		}
		o.EndedAt = t
	}
	if _, err := s.Governance.RecordSearchOutcome(r.Context(), a, r.PathValue("id"), o); err != nil {
		if st := statusOf(err); st == http.StatusBadRequest || st == http.StatusConflict {
			fail(err)
			return
		}
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/governance/searches/"+r.PathValue("id"), http.StatusSeeOther)
}

// segment is a piece of a checked draft: plain, or flagged by findings.
type segment struct {
	Text  string
	Rules []string
	Refs  []int // 1-based numbers of the findings that cover it
}

// highlight cuts text at every finding boundary (code point offsets) so the
// page can mark each flagged stretch, overlapping findings included.
func highlight(text string, fs []postcheck.Finding) []segment {
	rs := []rune(text)
	cuts := map[int]bool{0: true, len(rs): true}
	for _, f := range fs {
		cuts[min(max(f.Start, 0), len(rs))] = true
		cuts[min(max(f.End, 0), len(rs))] = true
	}
	var out []segment
	start := 0
	for i := 1; i <= len(rs); i++ {
		if !cuts[i] {
			continue
		}
		seg := segment{Text: string(rs[start:i])}
		for n, f := range fs {
			if f.Start <= start && i <= f.End {
				seg.Rules = append(seg.Rules, string(f.Rule))
				seg.Refs = append(seg.Refs, n+1)
			}
		}
		out = append(out, seg)
		start = i
	}
	return out
}

func (s *Server) postCheckPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "post_check", &page{Title: "Check a post", Data: map[string]any{}})
}

func (s *Server) postCheckSubmit(w http.ResponseWriter, r *http.Request) {
	text := r.PostFormValue("text")
	fs, err := s.checkDraft(text)
	p := &page{Title: "Check a post"}
	if err != nil {
		formError(p, err)
		p.Data = map[string]any{"Text": text}
		s.render(w, r, statusOf(err), "post_check", p)
		return
	}
	p.Data = map[string]any{"Text": text, "Checked": true, "Findings": fs, "Segments": highlight(text, fs)}
	s.render(w, r, http.StatusOK, "post_check", p)
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Messages the practice sends"}
	if n := r.URL.Query().Get("saved"); n != "" {
		p.Flash = "Saved."
	}
	s.renderTemplates(w, r, http.StatusOK, p, "", "")
}

func (s *Server) renderTemplates(w http.ResponseWriter, r *http.Request, status int, p *page, badName, badText string) {
	a, _ := actorFrom(r.Context())
	if a.Role == framekeeper.RoleFrontDesk {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not edit the practice's messages."))
		return
	}
	ts, redirect, err := s.Governance.Templates(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	for i := range ts {
		if ts[i].Name == badName {
			ts[i].Text = badText
		}
	}
	p.Data = map[string]any{"Templates": ts, "Redirect": redirect, "Admin": a.Role == framekeeper.RoleAdmin, "Bad": badName}
	s.render(w, r, status, "message_templates", p)
}

func (s *Server) templateSave(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	name, text := r.PathValue("name"), r.PostFormValue("text")
	if r.PostFormValue("reset") == "1" {
		text = ""
	}
	if _, err := s.Governance.SaveTemplate(r.Context(), a, name, text); err != nil {
		if statusOf(err) == http.StatusBadRequest {
			p := &page{Title: "Messages the practice sends"}
			formError(p, err)
			p.Error = "Not saved: " + framekeeper.ErrorMessage(err)
			s.renderTemplates(w, r, http.StatusBadRequest, p, name, text)
			return
		}
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/governance/templates?saved="+name+"#t-"+name, http.StatusSeeOther)
}

func (s *Server) redirectSave(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.Governance.SaveRedirectReplies(r.Context(), a, r.PostFormValue("redirect_replies") == "on"); err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/governance/templates?saved=redirect", http.StatusSeeOther)
}

func (s *Server) selfAuditPage(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Social media self-audit"}
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = "Self-audit recorded. Thank you."
	}
	s.renderSelfAudit(w, r, http.StatusOK, p, map[string]bool{}, "")
}

func (s *Server) renderSelfAudit(w http.ResponseWriter, r *http.Request, status int, p *page, ticked map[string]bool, note string) {
	a, _ := actorFrom(r.Context())
	if a.Role == framekeeper.RoleFrontDesk {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "The self-audit is for clinicians."))
		return
	}
	st, err := s.Governance.SelfAuditStatus(r.Context(), a)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	var mine *governance.AuditStatus
	for i := range st {
		if st[i].StaffID == a.StaffID {
			mine = &st[i]
		}
	}
	gs, _ := s.Governance.GovernanceSettings(r.Context())
	p.Data = map[string]any{"Checklist": checklist(), "Status": st, "Mine": mine, "Ticked": ticked, "Note": note,
		"Supervisor": isSupervisorRole(a), "Admin": a.Role == framekeeper.RoleAdmin, "Settings": gs}
	s.render(w, r, status, "self_audit", p)
}

func (s *Server) selfAuditSubmit(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EINVALID, "The form could not be read."))
		return
	}
	audit := governance.SelfAudit{Items: map[string]bool{}, Note: r.PostFormValue("note")}
	for _, id := range r.PostForm["item"] {
		audit.Items[id] = true
	}
	if err := s.Governance.CompleteSelfAudit(r.Context(), a, &audit); err != nil {
		p := &page{Title: "Social media self-audit"}
		formError(p, err)
		p.Error = framekeeper.ErrorMessage(err)
		s.renderSelfAudit(w, r, statusOf(err), p, audit.Items, audit.Note)
		return
	}
	http.Redirect(w, r, "/console/governance/self-audit?saved=1", http.StatusSeeOther)
}

func (s *Server) governanceSettingsSave(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	gs, err := s.Governance.GovernanceSettings(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	gs.SupervisorApproval = r.PostFormValue("supervisor_approval") == "on"
	for field, dst := range map[string]*int{"discuss_within_days": &gs.DiscussWithinDays, "self_audit_every_days": &gs.SelfAuditEveryDays} {
		if v := strings.TrimSpace(r.PostFormValue(field)); v != "" {
			n, ok := atoi(v)
			if !ok {
				s.consoleError(w, r, framekeeper.Invalid(field, "%s must be a whole number of days.", field))
				return
			}
			*dst = n
		}
	}
	if err := s.Governance.SaveGovernanceSettings(r.Context(), a, gs); err != nil {
		s.consoleError(w, r, err)
		return
	}
	back := r.PostFormValue("back")
	if back != "/console/governance/self-audit" {
		back = "/console/governance/searches"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func atoi(s string) (int, bool) {
	n := 0
	if s == "" || len(s) > 4 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// consentView is a consent with its state, for the client page.
type consentView struct {
	consent.Consent
	State string
	Label string
}

// consentData adds a client's consents to the client page's data.
func (s *Server) consentData(r *http.Request, a framekeeper.Actor, clientID string, data map[string]any) {
	if s.Consents == nil || !a.CanReadChart() {
		return
	}
	cs, err := s.Consents.FindConsents(r.Context(), a, clientID)
	if err != nil {
		return
	}
	now := time.Now()
	var views []consentView
	for _, c := range cs {
		views = append(views, consentView{Consent: c, State: c.Status(now), Label: c.Kind.Label()})
	}
	data["Consents"] = views
	data["ConsentKinds"] = consent.Kinds()
	data["ConsentChannels"] = consent.Channels()
	data["ConsentsOn"] = true
}

func (s *Server) consentCreate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	id := r.PathValue("id")
	in := consentInput{Kind: consent.Kind(r.PostFormValue("kind")), Scope: r.PostFormValue("scope"), Channel: r.PostFormValue("channel"),
		GivenAt: r.PostFormValue("given_at"), ExpiresAt: r.PostFormValue("expires_at")}
	granted := r.PostFormValue("granted") != "no"
	in.Granted = &granted
	c, err := in.consent(id)
	if err == nil {
		err = s.Consents.RecordConsent(r.Context(), a, &c)
	}
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			s.consoleError(w, r, err)
			return
		}
		cl, cerr := s.Clients.FindClientByID(r.Context(), a, id)
		if cerr != nil {
			s.consoleError(w, r, cerr)
			return
		}
		data := map[string]any{"Client": cl, "CanReadChart": a.CanReadChart(), "CanWriteChart": a.CanWriteChart(), "ConsentForm": in}
		s.consentData(r, a, id, data)
		p := &page{Title: cl.Name, Data: data}
		formError(p, err)
		p.Error = "Consent not recorded: " + framekeeper.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "client", p)
		return
	}
	http.Redirect(w, r, "/console/clients/"+id+"?saved=consent#consents", http.StatusSeeOther)
}

func (s *Server) consentRevoke(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	id := r.PathValue("id")
	if _, err := s.Consents.RevokeConsent(r.Context(), a, id, r.PathValue("cid"), r.PostFormValue("note")); err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/clients/"+id+"?saved=consent-revoked#consents", http.StatusSeeOther)
}
