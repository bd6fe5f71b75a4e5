package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/policy/importer"
	"github.com/framekeeper/framekeeper/render"
)

// policyConsoleRoutes adds the policy editor to the console route table.
func (s *Server) policyConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("GET /console/policy", s.policyEditor)
	staff("POST /console/policy/draft", s.policySaveDraft)
	staff("POST /console/policy/template", s.policyApplyTemplate)
	staff("POST /console/policy/preview", s.policyPreview)
	staff("POST /console/policy/publish", s.policyPublish)
	staff("GET /console/policy/compare", s.policyCompare)
	staff("POST /console/policy/import", s.policyImport)
}

// editorView is what the policy editor page shows.
type editorView struct {
	Clauses    []clauseRow
	Profile    profileForm
	Templates  []policy.Template
	Current    *policy.Published
	Versions   []policy.Published
	Draft      policy.Draft
	Preview    template.HTML
	Grades     []sectionGrade
	MaxGrade   float64
	Changes    []policy.Change
	CanEdit    bool
	CanPublish bool
	Summary    string
	Imported   string // the file name an import came from
	Notes      []string
	PublicURL  string
}

type clauseRow struct {
	Clause   policy.Clause
	Title    string
	Governs  string
	Options  []stanceOption
	Override string
	Evidence []string
}

type stanceOption struct {
	Stance  policy.Stance
	Meaning string
	Checked bool
}

type sectionGrade struct {
	Heading string
	Grade   float64
	High    bool
}

// profileForm holds the profile as the form shows it: lists one per line.
type profileForm struct {
	PracticeName, TherapistNames, OfficeAddress, OfficePhone, AdminEmail, Website string
	BoardName, BoardContact, CrisisText, Channels                                 string
}

func profileToForm(p policy.Profile) profileForm {
	var ch []string
	for _, c := range p.Channels {
		line := c.Kind + ": " + c.Value
		if c.Note != "" {
			line += " (" + c.Note + ")"
		}
		ch = append(ch, line)
	}
	return profileForm{PracticeName: p.PracticeName, TherapistNames: strings.Join(p.TherapistNames, "\n"), OfficeAddress: p.OfficeAddress,
		OfficePhone: p.OfficePhone, AdminEmail: p.AdminEmail, Website: p.Website, BoardName: p.BoardName, BoardContact: p.BoardContact,
		CrisisText: p.CrisisText, Channels: strings.Join(ch, "\n")}
}

// formProfile reads the profile fields of the editor form.
func formProfile(r *http.Request) policy.Profile {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p := policy.Profile{PracticeName: v("practice_name"), OfficeAddress: v("office_address"), OfficePhone: v("office_phone"),
		AdminEmail: v("admin_email"), Website: v("website"), BoardName: v("board_name"), BoardContact: v("board_contact"), CrisisText: v("crisis_text")}
	for _, line := range strings.Split(r.PostFormValue("therapist_names"), "\n") {
		if t := strings.TrimSpace(line); t != "" {
			p.TherapistNames = append(p.TherapistNames, t)
		}
	}
	for _, line := range strings.Split(r.PostFormValue("channels"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		c := policy.Channel{Kind: "other", Value: line}
		if kind, rest, ok := strings.Cut(line, ":"); ok && !strings.Contains(kind, " ") {
			c.Kind, c.Value = strings.ToLower(strings.TrimSpace(kind)), strings.TrimSpace(rest)
		}
		if i := strings.LastIndex(c.Value, " ("); i > 0 && strings.HasSuffix(c.Value, ")") {
			c.Note, c.Value = c.Value[i+2:len(c.Value)-1], strings.TrimSpace(c.Value[:i])
		}
		p.Channels = append(p.Channels, c)
	}
	return p
}

// formPolicy reads the whole editor form into a policy. A stance the
// catalogue does not know is kept, so Validate names it.
func formPolicy(r *http.Request) policy.Policy {
	p := policy.Policy{Profile: formProfile(r), Stances: policy.Stances{}, Overrides: map[policy.Clause]string{}}
	for _, c := range policy.Clauses() {
		if st := r.PostFormValue("stance_" + string(c)); st != "" {
			p.Stances[c] = policy.Stance(st)
		}
		if o := strings.TrimSpace(r.PostFormValue("override_" + string(c))); o != "" {
			p.Overrides[c] = o
		}
	}
	return p
}

// newEditorView prepares the editor for a policy: the form, the preview and
// its readability, and the changes against the version in force.
func (s *Server) newEditorView(r *http.Request, p policy.Policy, evidence map[policy.Clause][]string) (*editorView, error) {
	a, _ := actorFrom(r.Context())
	v := &editorView{Templates: policy.Templates(), CanEdit: a.Role == framekeeper.RoleAdmin || a.Role == framekeeper.RoleSupervisor,
		CanPublish: a.Role == framekeeper.RoleAdmin, Profile: profileToForm(p.Profile)}
	stances := p.Stances.Complete()
	for _, ci := range policy.Catalog() {
		row := clauseRow{Clause: ci.Clause, Title: strings.ReplaceAll(string(ci.Clause), "_", " "), Governs: ci.Governs,
			Override: p.Overrides[ci.Clause], Evidence: evidence[ci.Clause]}
		row.Options = append(row.Options, stanceOption{Stance: policy.Unspecified, Meaning: "The policy says nothing about this; no section is written.", Checked: stances[ci.Clause] == policy.Unspecified})
		for _, si := range ci.Stances {
			row.Options = append(row.Options, stanceOption{Stance: si.Stance, Meaning: si.Meaning, Checked: stances[ci.Clause] == si.Stance})
		}
		v.Clauses = append(v.Clauses, row)
	}
	if cur, err := s.Policies.Current(r.Context()); err == nil {
		v.Current = &cur
		v.Changes = policy.Compare(cur.Policy, p).Changes
	} else if framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
		return nil, err
	}
	vs, err := s.Policies.Versions(r.Context())
	if err != nil {
		return nil, err
	}
	v.Versions = vs
	if pr, err := s.Practice.FindPractice(r.Context()); err == nil {
		v.PublicURL = "/p/" + pr.Slug + "/policy"
	}
	if err := v.preview(p); err != nil {
		return nil, err
	}
	return v, nil
}

// preview renders the client document of p with a readability grade for
// each section.
func (v *editorView) preview(p policy.Policy) error {
	doc := policy.NewDocument(p, policy.DocumentOptions{})
	frag, err := render.PolicyFragment(doc, render.HTMLOptions{})
	if err != nil {
		return err
	}
	v.Preview = frag
	for _, sec := range doc.Sections {
		g := policy.FleschKincaidGrade(policy.PlainText(sec.Body))
		g = math.Round(g*10) / 10
		v.Grades = append(v.Grades, sectionGrade{Heading: sec.Heading, Grade: g, High: g > 9})
		v.MaxGrade = math.Max(v.MaxGrade, g)
	}
	return nil
}

func (s *Server) policyEditor(w http.ResponseWriter, r *http.Request) {
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	v, err := s.newEditorView(r, d.Policy, nil)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	v.Draft = d
	p := &page{Title: "Policy", Data: v}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Flash = "Draft saved."
	case "published":
		if v.Current != nil {
			p.Flash = fmt.Sprintf("Version %d is published and in force.", v.Current.Number)
		}
	case "template":
		p.Flash = "Template applied to the draft. Review the practice details and save."
	}
	s.render(w, r, http.StatusOK, "policy", p)
}

// policyFormError shows the editor again with what the person typed and
// the error beside the field.
func (s *Server) policyFormError(w http.ResponseWriter, r *http.Request, p policy.Policy, err error) {
	st := statusOf(err)
	if st == http.StatusInternalServerError {
		s.consoleError(w, r, err)
		return
	}
	v, verr := s.newEditorView(r, p, nil)
	if verr != nil {
		// The policy itself may be what fails to render (an unknown stance);
		// show the saved draft's form with the error instead.
		d, derr := s.Policies.Draft(r.Context())
		if derr != nil {
			s.consoleError(w, r, derr)
			return
		}
		if v, verr = s.newEditorView(r, d.Policy, nil); verr != nil {
			s.consoleError(w, r, verr)
			return
		}
	}
	v.Summary = r.PostFormValue("summary")
	pg := &page{Title: "Policy", Data: v}
	formError(pg, err)
	s.render(w, r, st, "policy", pg)
}

func (s *Server) policySaveDraft(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	p := formPolicy(r)
	if _, err := s.Policies.SaveDraft(r.Context(), a, p); err != nil {
		s.policyFormError(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/console/policy?done=saved", http.StatusSeeOther)
}

// policyApplyTemplate replaces the draft's stances and section texts with a
// template's, keeping the practice's own details.
func (s *Server) policyApplyTemplate(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	t, ok := policy.TemplateByID(r.PostFormValue("template"))
	if !ok {
		s.consoleError(w, r, framekeeper.Invalid("template", "Choose one of the templates."))
		return
	}
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	p := t.Policy.Clone()
	p.Profile = d.Policy.Profile
	if _, err := s.Policies.SaveDraft(r.Context(), a, p); err != nil {
		s.policyFormError(w, r, d.Policy, err)
		return
	}
	http.Redirect(w, r, "/console/policy?done=template", http.StatusSeeOther)
}

// policyPreview answers the editor's live preview: the document and the
// readability grades as an HTML fragment.
func (s *Server) policyPreview(w http.ResponseWriter, r *http.Request) {
	p := formPolicy(r)
	var buf bytes.Buffer
	if err := p.Validate(); err != nil {
		buf.WriteString(`<p class="error" role="alert">` + template.HTMLEscapeString(framekeeper.ErrorMessage(err)) + `</p>`)
	} else {
		v := &editorView{}
		if err := v.preview(p); err != nil {
			s.consoleError(w, r, err)
			return
		}
		if err := s.views.pages["policy"].ExecuteTemplate(&buf, "preview", v); err != nil {
			s.log.Error("Render preview", "error", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (s *Server) policyPublish(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	p := formPolicy(r)
	if err := p.Validate(); err != nil {
		s.policyFormError(w, r, p, err)
		return
	}
	if _, err := s.Policies.Publish(r.Context(), a, p, r.PostFormValue("summary"), time.Time{}); err != nil {
		s.policyFormError(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/console/policy?done=published", http.StatusSeeOther)
}

// policyCompare shows the differences between two versions (or a version
// and the draft), in words and word by word.
func (s *Server) policyCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	load := func(which string) (policy.Policy, string, error) {
		if which == "draft" {
			d, err := s.Policies.Draft(r.Context())
			return d.Policy, "the draft", err
		}
		n, err := strconv.Atoi(which)
		if err != nil || n < 1 {
			return policy.Policy{}, "", framekeeper.Invalid("version", "Choose two versions to compare.")
		}
		v, err := s.Policies.VersionByNumber(r.Context(), n)
		return v.Policy, "version " + which, err
	}
	older, fromName, err := load(q.Get("from"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	newer, toName, err := load(q.Get("to"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	d := policy.Compare(older, newer)
	s.render(w, r, http.StatusOK, "policy_compare", &page{Title: "Compare versions", Data: map[string]any{
		"From": fromName, "To": toName, "Changes": d.Changes, "Summary": d.Summary()}})
}

// policyImport reads an uploaded policy and shows the editor filled with
// what it found, with the deciding sentences beside each clause. Nothing is
// saved until the person saves the draft.
func (s *Server) policyImport(w http.ResponseWriter, r *http.Request) {
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	fail := func(err error) { s.policyFormError(w, r, d.Policy, err) }
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail(framekeeper.Invalid("file", "Choose a policy file to import (text, Markdown or HTML)."))
		return
	}
	defer f.Close()
	res, err := importer.Import(io.LimitReader(f, importer.MaxSize+1), hdr.Filename)
	if err != nil {
		fail(framekeeper.Invalid("file", "%s", framekeeper.ErrorMessage(err)))
		return
	}
	p := d.Policy.Clone()
	p.Stances = res.Stances.Complete()
	mergeProfile(&p.Profile, res.Profile)
	v, err := s.newEditorView(r, p, res.Evidence)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	v.Draft, v.Imported, v.Notes = d, hdr.Filename, res.Notes
	s.render(w, r, http.StatusOK, "policy", &page{Title: "Policy", Flash: "Read " + hdr.Filename + ". Review each clause and the sentences that decided it, then save the draft.", Data: v})
}

// mergeProfile fills the fields an import found, keeping the rest.
func mergeProfile(dst *policy.Profile, src policy.Profile) {
	set := func(d *string, s string) {
		if strings.TrimSpace(s) != "" {
			*d = s
		}
	}
	set(&dst.PracticeName, src.PracticeName)
	set(&dst.OfficeAddress, src.OfficeAddress)
	set(&dst.OfficePhone, src.OfficePhone)
	set(&dst.AdminEmail, src.AdminEmail)
	set(&dst.Website, src.Website)
	set(&dst.BoardName, src.BoardName)
	set(&dst.BoardContact, src.BoardContact)
	set(&dst.CrisisText, src.CrisisText)
	if len(src.TherapistNames) > 0 {
		dst.TherapistNames = src.TherapistNames
	}
	var chans []policy.Channel
	for _, c := range src.Channels {
		if c.Value != "" {
			chans = append(chans, c)
		}
	}
	if len(chans) > 0 {
		dst.Channels = chans
	}
}
