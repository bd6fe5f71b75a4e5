package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy/importer"
)

// page is what every console template receives.
type page struct {
	Title        string
	Actor        *framekeeper.Actor
	PracticeName string
	Path         string
	Version      string
	Flash        string
	Error        string            // a form-level error
	Fields       map[string]string // per-field errors
	Data         any
	Alerts       []framekeeper.Alert // open crises, on every page until acknowledged
}

const sessionCookie = "fk_session"

// Login limits: after this many failures in the window, logins for that
// email (or from that address) wait.
const (
	loginWindow      = 15 * time.Minute
	maxEmailFailures = 5
	maxIPFailures    = 30
)

// consoleRoutes is the route table of the staff console. State-changing
// requests are protected against cross-site forgery by checking the
// browser's Sec-Fetch-Site/Origin headers (http.CrossOriginProtection), and
// the session cookie is SameSite=Lax as a second line.
func (s *Server) consoleRoutes() http.Handler {
	mux := http.NewServeMux()
	open := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, h) }
	staff := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireLogin(h)) }

	open("GET /{$}", s.home)
	open("GET /login", s.loginPage)
	open("POST /login", s.loginSubmit)
	open("POST /logout", s.logout)
	open("GET /setup", s.setupPage)
	open("POST /setup", s.setupSubmit)

	staff("GET /console", s.dashboard)
	staff("GET /console/clients", s.clientList)
	staff("GET /console/clients/new", s.clientNew)
	staff("POST /console/clients/new", s.clientCreate)
	staff("GET /console/clients/{id}", s.clientDetail)
	staff("GET /console/clients/{id}/edit", s.clientEdit)
	staff("POST /console/clients/{id}/edit", s.clientUpdate)
	staff("POST /console/clients/{id}/notes", s.noteCreate)
	staff("GET /console/staff", s.staffList)
	staff("POST /console/staff", s.staffCreate)
	staff("POST /console/staff/{id}", s.staffUpdate)
	s.policyConsoleRoutes(staff)
	s.inboxConsoleRoutes(staff)
	s.channelConsoleRoutes(staff)
	s.ackConsoleRoutes(staff)
	s.agendaConsoleRoutes(staff)
	s.governanceConsoleRoutes(staff)

	cop := http.NewCrossOriginProtection()
	return limitForms(cop.Handler(mux))
}

// limitForms bounds form bodies.
func limitForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Method == http.MethodPost {
			limit := int64(maxFormBody)
			if r.URL.Path == "/console/policy/import" {
				limit = importer.MaxSize + 64<<10 // the file plus the form around it
			}
			if l, ok := uploadLimit(r.URL.Path); ok {
				limit = l
			}
			if strings.HasSuffix(r.URL.Path, "/acknowledgments/paper") {
				limit = ack.MaxScanSize + 64<<10 // a scanned signature page
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// requireLogin loads the session's staff member or sends the browser to the
// login page, remembering where it was going.
func (s *Server) requireLogin(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err == nil && c.Value != "" {
			if a, err := s.Auth.SessionActor(r.Context(), auth.HashSecret(c.Value)); err == nil {
				next(w, withActor(r, a))
				return
			}
		}
		target := "/login"
		if r.Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	})
}

func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://")
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if need, err := s.Practice.NeedsSetup(r.Context()); err == nil && need {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/console", http.StatusSeeOther)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: map[string]string{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/console"
	}
	return next
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	data := map[string]string{"Next": next, "Email": email}
	fail := func(status int, msg string) {
		s.render(w, r, status, "login", &page{Title: "Sign in", Error: msg, Data: data})
	}
	ip := s.clientIP(r)
	byEmail, byIP, err := s.Auth.LoginFailures(ctx, email, ip, time.Now().Add(-loginWindow))
	if err != nil {
		s.log.Error("Login failure count", "error", err)
		fail(http.StatusInternalServerError, "Sign-in is unavailable right now. Please try again shortly.")
		return
	}
	if byEmail >= maxEmailFailures || byIP >= maxIPFailures {
		fail(http.StatusTooManyRequests, "Too many failed sign-ins. Please wait 15 minutes and try again.")
		return
	}
	st, hash, err := s.Auth.StaffCredentials(ctx, email)
	// The same message for an unknown email and a wrong password, so the
	// form does not reveal who works here.
	if err != nil || !st.Active || !auth.CheckPassword(hash, password) {
		if err != nil && framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			s.log.Error("Login lookup", "error", err)
		}
		if err := s.Auth.RecordLoginFailure(ctx, email, ip); err != nil {
			s.log.Error("Record login failure", "error", err)
		}
		fail(http.StatusUnauthorized, "That email and password do not match an active account.")
		return
	}
	token := auth.NewSecret("")
	if err := s.Auth.CreateSession(ctx, auth.HashSecret(token), st.ID, s.cfg.SessionTTL); err != nil {
		s.log.Error("Create session", "error", err)
		fail(http.StatusInternalServerError, "Sign-in is unavailable right now. Please try again shortly.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Auth.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			s.log.Error("Delete session", "error", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	if need, err := s.Practice.NeedsSetup(r.Context()); err != nil || !need {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "setup", &page{Title: "Set up your practice", Data: map[string]string{}})
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"Practice": r.PostFormValue("practice"), "Name": r.PostFormValue("name"), "Email": r.PostFormValue("email")}
	fail := func(err error) {
		p := &page{Title: "Set up your practice", Data: form}
		formError(p, err)
		s.render(w, r, statusOf(err), "setup", p)
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password2") {
		fail(framekeeper.Invalid("password2", "The two passwords differ."))
		return
	}
	hash, err := auth.HashPassword(password, s.cfg.PasswordParams)
	if err != nil {
		fail(framekeeper.Invalid("password", "Use at least %d characters.", auth.MinPasswordLength))
		return
	}
	admin := &framekeeper.Staff{Name: form["Name"], Email: form["Email"], Role: framekeeper.RoleAdmin}
	if _, err := s.Practice.SetupPractice(r.Context(), form["Practice"], admin, hash); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// formError puts an application error on a page: field messages beside
// their fields, anything else at the top.
func formError(p *page, err error) {
	if e, ok := err.(*framekeeper.Error); ok && len(e.Fields) > 0 {
		p.Fields = e.Fields
		p.Error = "Please correct the highlighted fields."
		return
	}
	p.Error = framekeeper.ErrorMessage(err)
}

func (s *Server) consoleError(w http.ResponseWriter, r *http.Request, err error) {
	st := statusOf(err)
	if st == http.StatusInternalServerError {
		s.log.Error("Internal error", "error", err, "path", r.URL.Path, "request_id", requestID(r.Context()))
	}
	s.render(w, r, st, "error", &page{Title: http.StatusText(st), Error: framekeeper.ErrorMessage(err)})
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	ctx := r.Context()
	counts := map[string]int{}
	for _, st := range []framekeeper.ClientStatus{framekeeper.StatusCurrent, framekeeper.StatusFormer, framekeeper.StatusProspective} {
		_, n, err := s.Clients.FindClients(ctx, a, framekeeper.ClientFilter{Status: st, Limit: 1})
		if err != nil {
			s.consoleError(w, r, err)
			return
		}
		counts[string(st)] = n
	}
	data := map[string]any{"Counts": counts}
	if s.Interactions != nil {
		_, confirm, err := s.Interactions.FindInteractions(ctx, a, intake.Filter{ReviewStatus: "confirm_sender", Limit: 1})
		if err != nil {
			s.consoleError(w, r, err)
			return
		}
		_, failed, err := s.Interactions.FindInteractions(ctx, a, intake.Filter{Status: intake.StatusFailed, Limit: 1})
		if err != nil {
			s.consoleError(w, r, err)
			return
		}
		data["Confirm"], data["Failed"] = confirm, failed
	}
	if s.Policies != nil {
		if v, err := s.Policies.Current(ctx); err == nil {
			data["Policy"] = v
		}
		if p, err := s.Practice.FindPractice(ctx); err == nil {
			data["PolicyURL"] = "/p/" + p.Slug + "/policy"
		}
	}
	s.render(w, r, http.StatusOK, "dashboard", &page{Title: "Dashboard", Data: data})
}

const clientsPerPage = 25

func (s *Server) clientList(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	if pg < 1 {
		pg = 1
	}
	status := framekeeper.ClientStatus(q.Get("status"))
	if !status.Valid() {
		status = ""
	}
	cs, total, err := s.Clients.FindClients(r.Context(), a, framekeeper.ClientFilter{Query: q.Get("q"), Status: status, Limit: clientsPerPage, Offset: (pg - 1) * clientsPerPage})
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	pages := (total + clientsPerPage - 1) / clientsPerPage
	link := func(n int) string {
		v := url.Values{}
		if q.Get("q") != "" {
			v.Set("q", q.Get("q"))
		}
		if status != "" {
			v.Set("status", string(status))
		}
		v.Set("page", strconv.Itoa(n))
		return "/console/clients?" + v.Encode()
	}
	data := map[string]any{"Clients": cs, "Total": total, "Query": q.Get("q"), "Status": string(status), "Page": pg, "Pages": pages}
	if pg > 1 {
		data["Prev"] = link(pg - 1)
	}
	if pg < pages {
		data["Next"] = link(pg + 1)
	}
	s.render(w, r, http.StatusOK, "clients", &page{Title: "Clients", Data: data})
}

// clientForm is the client form's values, kept as typed so a rejected form
// comes back as the person left it.
type clientForm struct {
	ID          string
	Name        string
	Status      string
	TherapistID string
	Emails      string
	Phones      string
	Handles     map[string]string
	Associates  string
	Therapists  []*framekeeper.Staff
}

var handleKinds = []framekeeper.IdentityKind{framekeeper.IdentityFacebook, framekeeper.IdentityInstagram, framekeeper.IdentityX, framekeeper.IdentityLinkedIn}

func formFromClient(c *framekeeper.Client) clientForm {
	f := clientForm{ID: c.ID, Name: c.Name, Status: string(c.Status), TherapistID: c.TherapistID, Handles: map[string]string{}}
	var emails, phones []string
	for _, id := range c.Identities {
		switch id.Kind {
		case framekeeper.IdentityEmail:
			emails = append(emails, id.Value)
		case framekeeper.IdentityPhone:
			phones = append(phones, id.Value)
		default:
			if f.Handles[string(id.Kind)] != "" {
				f.Handles[string(id.Kind)] += ", "
			}
			f.Handles[string(id.Kind)] += id.Value
		}
	}
	f.Emails, f.Phones = strings.Join(emails, "\n"), strings.Join(phones, "\n")
	var as []string
	for _, a := range c.Associates {
		line := a.Name
		if a.Relation != "" {
			line += " (" + a.Relation + ")"
		}
		for _, id := range a.Identities {
			line += ", " + id.Value
		}
		as = append(as, line)
	}
	f.Associates = strings.Join(as, "\n")
	return f
}

func formFromRequest(r *http.Request) clientForm {
	f := clientForm{Name: r.PostFormValue("name"), Status: r.PostFormValue("status"), TherapistID: r.PostFormValue("therapist_id"),
		Emails: r.PostFormValue("emails"), Phones: r.PostFormValue("phones"), Associates: r.PostFormValue("associates"), Handles: map[string]string{}}
	for _, k := range handleKinds {
		f.Handles[string(k)] = r.PostFormValue(string(k))
	}
	return f
}

// splitList splits a textarea or comma list into trimmed items.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// client turns the form into a client. Associates are one per line: "Name
// (relation), email or phone, …".
func (f clientForm) client() framekeeper.Client {
	c := framekeeper.Client{Name: f.Name, Status: framekeeper.ClientStatus(f.Status), TherapistID: f.TherapistID,
		Identities: []framekeeper.Identity{}, Associates: []framekeeper.Associate{}}
	for _, e := range splitList(f.Emails) {
		c.Identities = append(c.Identities, framekeeper.Identity{Kind: framekeeper.IdentityEmail, Value: e})
	}
	for _, p := range splitList(f.Phones) {
		c.Identities = append(c.Identities, framekeeper.Identity{Kind: framekeeper.IdentityPhone, Value: p})
	}
	for _, k := range handleKinds {
		for _, h := range splitList(f.Handles[string(k)]) {
			c.Identities = append(c.Identities, framekeeper.Identity{Kind: k, Value: h})
		}
	}
	for _, line := range strings.Split(f.Associates, "\n") {
		parts := strings.Split(line, ",")
		name := strings.TrimSpace(parts[0])
		if name == "" {
			continue
		}
		a := framekeeper.Associate{Name: name, Identities: []framekeeper.Identity{}}
		if i := strings.Index(name, "("); i > 0 && strings.HasSuffix(name, ")") {
			a.Name, a.Relation = strings.TrimSpace(name[:i]), strings.TrimSuffix(name[i+1:], ")")
		}
		for _, v := range parts[1:] {
			v = strings.TrimSpace(v)
			kind := framekeeper.IdentityPhone
			if strings.Contains(v, "@") && !strings.HasPrefix(v, "@") {
				kind = framekeeper.IdentityEmail
			}
			if v != "" {
				a.Identities = append(a.Identities, framekeeper.Identity{Kind: kind, Value: v})
			}
		}
		c.Associates = append(c.Associates, a)
	}
	return c
}

func (s *Server) therapists(r *http.Request) []*framekeeper.Staff {
	all, err := s.Staff.ListStaff(r.Context())
	if err != nil {
		return nil
	}
	var out []*framekeeper.Staff
	for _, st := range all {
		if st.Active && st.Role != framekeeper.RoleFrontDesk {
			out = append(out, st)
		}
	}
	return out
}

func (s *Server) clientNew(w http.ResponseWriter, r *http.Request) {
	f := clientForm{Status: "current", Handles: map[string]string{}, Therapists: s.therapists(r)}
	s.render(w, r, http.StatusOK, "client_form", &page{Title: "New client", Data: f})
}

func (s *Server) clientCreate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	f := formFromRequest(r)
	c := f.client()
	if err := s.Clients.CreateClient(r.Context(), a, &c); err != nil {
		f.Therapists = s.therapists(r)
		p := &page{Title: "New client", Data: f}
		formError(p, err)
		s.render(w, r, statusOf(err), "client_form", p)
		return
	}
	http.Redirect(w, r, "/console/clients/"+c.ID, http.StatusSeeOther)
}

func (s *Server) clientDetail(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	c, err := s.Clients.FindClientByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	data := map[string]any{"Client": c, "CanReadChart": a.CanReadChart(), "CanWriteChart": a.CanWriteChart()}
	if a.CanReadChart() && s.Agenda != nil {
		items, err := s.Agenda.FindAgenda(r.Context(), a, c.ID, false)
		if err != nil {
			s.consoleError(w, r, err)
			return
		}
		data["Agenda"] = items
	}
	if a.CanReadChart() {
		es, err := s.Records.FindRecords(r.Context(), a, c.ID)
		if err != nil {
			s.consoleError(w, r, err)
			return
		}
		// Newest first reads best on a timeline.
		for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
			es[i], es[j] = es[j], es[i]
		}
		data["Records"] = es
	}
	if c.TherapistID != "" {
		if st, err := s.Staff.FindStaffByID(r.Context(), c.TherapistID); err == nil {
			data["Therapist"] = st.Name
		}
	}
	if a.CanReadAccessLog() {
		if log, err := s.Records.FindAccessLog(r.Context(), a, c.ID, 20); err == nil {
			data["AccessLog"] = log
		}
	}
	s.consentData(r, a, c.ID, data)
	p := &page{Title: c.Name, Data: data}
	switch r.URL.Query().Get("saved") {
	case "consent":
		p.Flash = "Consent recorded; it is in the chart."
	case "consent-revoked":
		p.Flash = "Consent revoked; the revocation is in the chart."
	case "note":
		p.Flash = "Note added to the chart."
	case "agenda":
		p.Flash = "Added to the next session's agenda."
	case "discussed":
		p.Flash = "Marked as discussed; the note is in the chart."
	case "agenda-note-missing":
		p.Error = "Write a short note of what was discussed before closing the item."
	}
	s.render(w, r, http.StatusOK, "client", p)
}

func (s *Server) clientEdit(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	c, err := s.Clients.FindClientByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	f := formFromClient(c)
	f.Therapists = s.therapists(r)
	s.render(w, r, http.StatusOK, "client_form", &page{Title: "Edit " + c.Name, Data: f})
}

func (s *Server) clientUpdate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	f := formFromRequest(r)
	f.ID = r.PathValue("id")
	c := f.client()
	u := framekeeper.ClientUpdate{Name: &c.Name, Status: &c.Status, Identities: &c.Identities, Associates: &c.Associates}
	if a.Role != framekeeper.RoleTherapist {
		u.TherapistID = &c.TherapistID
	}
	if _, err := s.Clients.UpdateClient(r.Context(), a, f.ID, u); err != nil {
		f.Therapists = s.therapists(r)
		p := &page{Title: "Edit client", Data: f}
		formError(p, err)
		s.render(w, r, statusOf(err), "client_form", p)
		return
	}
	http.Redirect(w, r, "/console/clients/"+f.ID, http.StatusSeeOther)
}

func (s *Server) noteCreate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	id := r.PathValue("id")
	e := framekeeper.RecordEntry{ClientID: id, Kind: framekeeper.RecordNote, Text: r.PostFormValue("text"), Amends: r.PostFormValue("amends")}
	if err := s.Records.AppendRecord(r.Context(), a, &e); err != nil {
		if statusOf(err) != http.StatusBadRequest {
			s.consoleError(w, r, err)
			return
		}
		// Show the chart again with the message beside the note field.
		c, cerr := s.Clients.FindClientByID(r.Context(), a, id)
		if cerr != nil {
			s.consoleError(w, r, cerr)
			return
		}
		es, _ := s.Records.FindRecords(r.Context(), a, id)
		p := &page{Title: c.Name, Data: map[string]any{"Client": c, "Records": es, "CanReadChart": true, "CanWriteChart": true, "Draft": e.Text}}
		formError(p, err)
		s.render(w, r, http.StatusBadRequest, "client", p)
		return
	}
	http.Redirect(w, r, "/console/clients/"+id+"?saved=note#chart", http.StatusSeeOther)
}

func (s *Server) staffList(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, http.StatusOK, &page{Title: "Staff"}, staffInput{Role: framekeeper.RoleTherapist})
}

func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, p *page, form staffInput) {
	a, _ := actorFrom(r.Context())
	if !a.CanManageStaff() && a.Role != framekeeper.RoleSupervisor {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors see the staff list."))
		return
	}
	list, err := s.Staff.ListStaff(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	p.Data = map[string]any{"Staff": list, "Form": form, "Roles": framekeeper.Roles(), "CanManage": a.CanManageStaff()}
	s.render(w, r, status, "staff", p)
}

func (s *Server) staffCreate(w http.ResponseWriter, r *http.Request) {
	in := staffInput{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Role: framekeeper.Role(r.PostFormValue("role")), Password: r.PostFormValue("password")}
	if _, err := s.createStaff(r, in); err != nil {
		p := &page{Title: "Staff"}
		formError(p, err)
		in.Password = ""
		s.renderStaff(w, r, statusOf(err), p, in)
		return
	}
	s.renderStaff(w, r, http.StatusOK, &page{Title: "Staff", Flash: "Added " + in.Name + "."}, staffInput{Role: framekeeper.RoleTherapist})
}

func (s *Server) staffUpdate(w http.ResponseWriter, r *http.Request) {
	active := r.PostFormValue("active") == "on"
	in := staffInput{Role: framekeeper.Role(r.PostFormValue("role")), Password: r.PostFormValue("password"), Active: &active}
	st, err := s.updateStaff(r, r.PathValue("id"), in)
	if err != nil {
		p := &page{Title: "Staff"}
		formError(p, err)
		s.renderStaff(w, r, statusOf(err), p, staffInput{Role: framekeeper.RoleTherapist})
		return
	}
	s.renderStaff(w, r, http.StatusOK, &page{Title: "Staff", Flash: "Saved " + st.Name + "."}, staffInput{Role: framekeeper.RoleTherapist})
}
