package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/audit"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/exports"
	"github.com/framekeeper/framekeeper/intake/reviews"
	"github.com/framekeeper/framekeeper/triage"
)

// maxUpload bounds an uploaded export or review file.
const maxUpload = 32 << 20

// channelConsoleRoutes adds the channels, review and audit pages.
func (s *Server) channelConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("GET /console/channels", s.channelsPage)
	staff("POST /console/channels/redirect", s.channelsRedirect)
	staff("POST /console/channels/test", s.channelsTest)
	staff("GET /console/reviews", s.reviewsPage)
	staff("POST /console/reviews", s.reviewsSubmit)
	staff("GET /console/audit", s.auditPage)
	staff("POST /console/audit", s.auditSubmit)
}

// channelAPIRoutes adds the review import to the API.
func (s *Server) channelAPIRoutes(handle func(string, func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /api/v1/reviews/import", s.apiImportReviews)
}

// uploadLimit is the body limit of the upload forms (larger than other
// forms: export files run to megabytes).
func uploadLimit(path string) (int64, bool) {
	switch path {
	case "/console/reviews", "/console/audit":
		return maxUpload + 64<<10, true
	}
	return 0, false
}

// channelView is one channel on the channels page.
type channelView struct {
	Name, Title, Status, Detail string
	Enabled                     bool
	Secrets                     []secretView
	URL                         string // where the provider sends to
	Test                        bool
}

type secretView struct{ Name, Shown string }

// lastFour shows a secret as its last four characters only.
func lastFour(s string) string {
	if s == "" {
		return "not set"
	}
	if len(s) <= 8 {
		return "set (••••)"
	}
	return "••••" + s[len(s)-4:]
}

func (s *Server) requireAdmin(w http.ResponseWriter, r *http.Request) (framekeeper.Actor, bool) {
	a, _ := actorFrom(r.Context())
	if a.Role != framekeeper.RoleAdmin {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins manage channels."))
		return a, false
	}
	if s.Channels == nil {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EINTERNAL, "Channels are not available."))
		return a, false
	}
	return a, true
}

func (s *Server) channelsPage(w http.ResponseWriter, r *http.Request) {
	s.renderChannels(w, r, http.StatusOK, &page{Title: "Channels"})
}

func (s *Server) renderChannels(w http.ResponseWriter, r *http.Request, status int, p *page) {
	a, ok := s.requireAdmin(w, r)
	if !ok {
		return
	}
	c := s.cfg.Channels
	base := strings.TrimSuffix(s.cfg.PublicURL, "/")
	if base == "" {
		base = "(set FRAMEKEEPER_PUBLIC_URL)"
	}
	twilioURL := base + "/hooks/twilio/sms"
	if c.TwilioURL != "" {
		twilioURL = c.TwilioURL
	}
	chs := []channelView{
		{Name: "email", Title: "Email in (SMTP)", Enabled: c.SMTPIntakeAddr != "", Detail: "Listens on " + orNone(c.SMTPIntakeAddr) + "; accepts mail to " + orNone(c.IntakeRecipients) + ". Forward the practice address here."},
		{Name: "imap", Title: "Email in (IMAP mailbox)", Enabled: c.IMAP != "", Detail: "Polls " + orNone(c.IMAP) + ", never changing the mailbox.", Test: c.IMAP != ""},
		{Name: "email_out", Title: "Email out", Enabled: c.SMTPOut != "", Detail: "Replies and alerts go through " + orNone(c.SMTPOut) + " from " + orNone(c.MailFrom) + ", threaded, marked Auto-Submitted: auto-replied, at most once a day per sender.", Test: c.SMTPOut != ""},
		{Name: "twilio", Title: "SMS (Twilio)", Enabled: c.TwilioAuthToken != "", URL: twilioURL, Secrets: []secretView{{"Auth token", lastFour(c.TwilioAuthToken)}}, Test: c.TwilioAuthToken != ""},
		{Name: "meta", Title: "Facebook and Instagram (Meta)", Enabled: c.MetaAppSecret != "", URL: base + "/hooks/meta", Secrets: []secretView{{"App secret", lastFour(c.MetaAppSecret)}, {"Verify token", lastFour(c.MetaVerifyToken)}}, Test: c.MetaAppSecret != ""},
		{Name: "x", Title: "X", Enabled: c.XConsumerSecret != "", URL: base + "/hooks/x", Secrets: []secretView{{"Consumer secret", lastFour(c.XConsumerSecret)}}, Test: c.XConsumerSecret != ""},
		{Name: "reviews", Title: "Review sites", Enabled: true, Detail: "By import or by hand on the Reviews page."},
	}
	for i := range chs {
		chs[i].Status = "Off"
		if chs[i].Enabled {
			chs[i].Status = "On"
		}
	}
	var settings intake.Settings
	if err := s.Channels.Setting(r.Context(), "triage", &settings); err != nil {
		s.consoleError(w, r, err)
		return
	}
	events, err := s.Channels.IgnoredEvents(r.Context(), a, 50)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	p.Data = map[string]any{"Channels": chs, "Redirect": settings.RedirectReplies, "Events": events}
	s.render(w, r, status, "channels", p)
}

func orNone(s string) string {
	if s == "" {
		return "(not configured)"
	}
	return s
}

// channelsRedirect turns redirect replies on channels the practice does
// not use on or off (the triage setting redirect_replies).
func (s *Server) channelsRedirect(w http.ResponseWriter, r *http.Request) {
	a, ok := s.requireAdmin(w, r)
	if !ok {
		return
	}
	var settings intake.Settings
	if err := s.Channels.Setting(r.Context(), "triage", &settings); err != nil {
		s.consoleError(w, r, err)
		return
	}
	settings.RedirectReplies = r.PostFormValue("redirect_replies") == "on"
	if err := s.Channels.SaveSetting(r.Context(), a, "triage", settings); err != nil {
		s.renderChannels(w, r, statusOf(err), &page{Title: "Channels", Error: framekeeper.ErrorMessage(err)})
		return
	}
	msg := "Redirect replies are off: messages on channels the practice does not use get no answer."
	if settings.RedirectReplies {
		msg = "Redirect replies are on: messages on channels the practice does not use get the standard redirect."
	}
	s.renderChannels(w, r, http.StatusOK, &page{Title: "Channels", Flash: msg})
}

// channelsTest runs a channel's real check.
func (s *Server) channelsTest(w http.ResponseWriter, r *http.Request) {
	a, ok := s.requireAdmin(w, r)
	if !ok {
		return
	}
	name := r.PostFormValue("channel")
	if name == "email_out" {
		name = "email"
	}
	test, ok := s.ChannelTests[name]
	if !ok {
		s.renderChannels(w, r, http.StatusBadRequest, &page{Title: "Channels", Error: "There is no test for that channel."})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 45*time.Second)
	defer cancel()
	msg, err := test(ctx, a)
	if err != nil {
		s.renderChannels(w, r, statusOf(err), &page{Title: "Channels", Error: "Test failed: " + framekeeper.ErrorMessage(err)})
		return
	}
	s.renderChannels(w, r, http.StatusOK, &page{Title: "Channels", Flash: msg})
}

// reviewResult is one imported review and what the policy says.
type reviewResult struct {
	Author, Site string
	Interaction  string
	New          bool
	Actions      []triage.Action
	NeverAnswer  bool
	Explanation  string
}

func (s *Server) canImportReviews(a framekeeper.Actor) error {
	if a.Role == framekeeper.RoleTherapist {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Reviews are entered by admins, supervisors and the front desk.")
	}
	return nil
}

// importReviews submits reviews and reports each decision.
func (s *Server) importReviews(ctx context.Context, rs []reviews.Review) ([]reviewResult, error) {
	out := make([]reviewResult, 0, len(rs))
	for _, rv := range rs {
		in := rv.Interaction()
		st, created, err := s.Intake.Submit(ctx, in, nil)
		if err != nil {
			return out, err
		}
		res := reviewResult{Author: rv.Author, Site: rv.Site, Interaction: st.ID, New: created}
		if st.Decision != nil {
			res.Actions, res.Explanation = st.Decision.Actions, st.Decision.Explanation
			res.NeverAnswer = st.Decision.Has(triage.ActDoNotRespond)
		}
		out = append(out, res)
	}
	return out, nil
}

func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.canImportReviews(a); err != nil {
		s.consoleError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reviews", &page{Title: "Reviews", Data: map[string]any{"Form": map[string]string{}}})
}

// reviewsSubmit takes a file (CSV or JSON) or one review entered by hand.
func (s *Server) reviewsSubmit(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := s.canImportReviews(a); err != nil {
		s.consoleError(w, r, err)
		return
	}
	form := map[string]string{}
	fail := func(err error) {
		p := &page{Title: "Reviews", Data: map[string]any{"Form": form}}
		formError(p, err)
		s.render(w, r, statusOf(err), "reviews", p)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		fail(uploadError(err))
		return
	}
	for _, k := range []string{"site", "author", "date", "rating", "text"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var list []reviews.Review
	if f, _, err := r.FormFile("file"); err == nil {
		data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
		f.Close()
		if err != nil || len(data) > maxUpload {
			fail(framekeeper.Errorf(framekeeper.ETOOLARGE, "The file is larger than %d MiB.", maxUpload>>20))
			return
		}
		if list, err = reviews.Parse(data, form["site"]); err != nil {
			fail(err)
			return
		}
	} else {
		rv := reviews.Review{Site: form["site"], Author: form["author"], Rating: form["rating"], Text: form["text"]}
		if form["date"] != "" {
			d, err := reviews.ParseDate(form["date"])
			if err != nil {
				fail(err)
				return
			}
			rv.Date = d
		}
		if err := rv.Validate(); err != nil {
			fail(err)
			return
		}
		list = []reviews.Review{rv}
	}
	results, err := s.importReviews(r.Context(), list)
	if err != nil {
		fail(err)
		return
	}
	s.render(w, r, http.StatusOK, "reviews", &page{Title: "Reviews", Data: map[string]any{"Form": map[string]string{}, "Results": results}})
}

func uploadError(err error) error {
	if strings.Contains(err.Error(), "too large") {
		return framekeeper.Errorf(framekeeper.ETOOLARGE, "The upload is larger than %d MiB.", maxUpload>>20)
	}
	return framekeeper.Errorf(framekeeper.EINVALID, "The upload could not be read.")
}

// apiImportReviews takes a CSV (text/csv) or JSON review file; ?site= names
// the site for rows that do not.
func (s *Server) apiImportReviews(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if err := s.canImportReviews(a); err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "text/csv" && mt != "application/json" {
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "Send the reviews as text/csv or application/json.")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeBytesError(err)
	}
	list, err := reviews.Parse(body, r.URL.Query().Get("site"))
	if err != nil {
		return err
	}
	results, err := s.importReviews(r.Context(), list)
	if err != nil {
		return err
	}
	type item struct {
		InteractionID string          `json:"interaction_id"`
		New           bool            `json:"new"`
		Actions       []triage.Action `json:"actions"`
		NeverAnswered bool            `json:"never_answered"`
	}
	out := struct {
		Imported   int    `json:"imported"`
		Duplicates int    `json:"duplicates"`
		Reviews    []item `json:"reviews"`
	}{Reviews: []item{}}
	for _, res := range results {
		if res.New {
			out.Imported++
		} else {
			out.Duplicates++
		}
		out.Reviews = append(out.Reviews, item{res.Interaction, res.New, res.Actions, res.NeverAnswer})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "audit", &page{Title: "Connection audit", Data: s.auditData(r, nil)})
}

func (s *Server) auditData(r *http.Request, rep *audit.Report) map[string]any {
	a, _ := actorFrom(r.Context())
	var owners []string
	if a.Role == framekeeper.RoleAdmin || a.Role == framekeeper.RoleSupervisor {
		owners = append(owners, audit.Practice)
		if list, err := s.Staff.ListStaff(r.Context()); err == nil {
			for _, st := range list {
				if st.Active && st.Role == framekeeper.RoleTherapist || st.ID == a.StaffID {
					owners = append(owners, st.Email)
				}
			}
		}
	} else if st, err := s.Staff.FindStaffByID(r.Context(), a.StaffID); err == nil {
		owners = append(owners, st.Email)
	}
	sort.Strings(owners[min(1, len(owners)):])
	return map[string]any{"Owners": owners, "Platforms": []string{exports.Facebook, exports.Instagram, exports.X, exports.LinkedIn}, "Report": rep}
}

// auditSubmit reads an uploaded export, records each client found as an
// interaction and shows the report. A therapist audits only their own
// account and sees only their own clients by name.
func (s *Server) auditSubmit(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	fail := func(err error) {
		p := &page{Title: "Connection audit", Data: s.auditData(r, nil)}
		formError(p, err)
		s.render(w, r, statusOf(err), "audit", p)
	}
	if a.Role == framekeeper.RoleFrontDesk {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Connection audits are for therapists, supervisors and admins."))
		return
	}
	if s.AuditResolve == nil || s.Channels == nil {
		fail(framekeeper.Errorf(framekeeper.EINTERNAL, "Audits are not available."))
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		fail(uploadError(err))
		return
	}
	owner, err := audit.CheckOwner(r.PostFormValue("owner"))
	if err != nil {
		fail(err)
		return
	}
	allowed := false
	for _, o := range s.auditData(r, nil)["Owners"].([]string) {
		allowed = allowed || o == owner
	}
	if !allowed {
		fail(framekeeper.Invalid("owner", "You may audit only %s.", map[bool]string{true: "the practice's and staff accounts", false: "your own account"}[a.Role != framekeeper.RoleTherapist]))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail(framekeeper.Invalid("file", "Choose the export file to check."))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	f.Close()
	if err != nil || len(data) > maxUpload {
		fail(framekeeper.Errorf(framekeeper.ETOOLARGE, "The file is larger than %d MiB.", maxUpload>>20))
		return
	}
	ex, err := exports.Parse(r.PostFormValue("platform"), hdr.Filename, data)
	if err != nil {
		fail(err)
		return
	}
	rep, err := audit.Find(r.Context(), ex, owner, s.AuditResolve)
	if err != nil {
		fail(err)
		return
	}
	audit.Submit(r.Context(), &rep, s.Intake.Submit)
	rep.CreatedBy = a.Name
	if err := s.Channels.SaveAudit(r.Context(), &rep); err != nil {
		fail(err)
		return
	}
	// A therapist sees their own caseload by name; any other client found
	// is recorded for the practice and shown without a name.
	for i := range rep.Findings {
		if a.Role != framekeeper.RoleTherapist {
			break
		}
		if _, err := s.Clients.FindClientByID(r.Context(), a, rep.Findings[i].ClientID); err != nil {
			rep.Findings[i].Hidden = true
			rep.Findings[i].Person = exports.Person{}
		}
	}
	p := &page{Title: "Connection audit", Data: s.auditData(r, &rep)}
	if len(rep.Errors) > 0 {
		p.Error = "Some findings could not be recorded: " + rep.Errors[0]
	}
	s.render(w, r, http.StatusOK, "audit", p)
}
