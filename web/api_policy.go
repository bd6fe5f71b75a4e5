package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/policy/importer"
)

// policyRoutes adds the policy routes to the API route table.
func (s *Server) policyRoutes(handle func(string, func(http.ResponseWriter, *http.Request) error)) {
	handle("PATCH /api/v1/practice", s.apiUpdatePractice)
	handle("GET /api/v1/policy", s.apiGetPolicy)
	handle("GET /api/v1/policy/draft", s.apiGetDraft)
	handle("PUT /api/v1/policy/draft", s.apiSaveDraft)
	handle("GET /api/v1/policy/versions", s.apiListVersions)
	handle("POST /api/v1/policy/versions", s.apiPublish)
	handle("GET /api/v1/policy/versions/{n}", s.apiGetVersion)
	handle("GET /api/v1/policy/diff", s.apiDiff)
	handle("GET /api/v1/policy/templates", s.apiTemplates)
	handle("POST /api/v1/policy/import", s.apiImport)
}

// practiceView is the practice as the API shows it: the profile comes from
// the version in force, or from the draft before the first publication.
type practiceView struct {
	framekeeper.Practice
	Profile       policy.Profile `json:"profile"`
	PolicyVersion int            `json:"policy_version"`
	PolicyURL     string         `json:"policy_url"`
}

func (s *Server) practiceView(r *http.Request) (practiceView, error) {
	p, err := s.Practice.FindPractice(r.Context())
	if err != nil {
		return practiceView{}, err
	}
	v := practiceView{Practice: *p, PolicyURL: s.absURL(r, "/p/"+p.Slug+"/policy")}
	if cur, err := s.Policies.Current(r.Context()); err == nil {
		v.Profile, v.PolicyVersion = cur.Policy.Profile, cur.Number
	} else if framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
		return v, err
	} else if d, err := s.Policies.Draft(r.Context()); err == nil {
		v.Profile = d.Policy.Profile
	} else {
		return v, err
	}
	return v, nil
}

// absURL makes an absolute URL from the configured public URL, or from the
// request when none is configured.
func (s *Server) absURL(r *http.Request, path string) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimSuffix(s.cfg.PublicURL, "/") + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (s *Server) apiGetPractice(w http.ResponseWriter, r *http.Request) error {
	v, err := s.practiceView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// apiUpdatePractice changes the profile in the draft; clients see it once
// the next version is published.
func (s *Server) apiUpdatePractice(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Profile *policy.Profile `json:"profile"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Profile == nil {
		return framekeeper.Invalid("profile", "Send {\"profile\": {…}} with the practice's details.")
	}
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		return err
	}
	d.Policy.Profile = *in.Profile
	if _, err := s.Policies.SaveDraft(r.Context(), a, d.Policy); err != nil {
		return err
	}
	return s.apiGetPractice(w, r)
}

// versionView is a published version as the API shows it.
type versionView struct {
	Version     int               `json:"version"`
	Summary     string            `json:"summary"`
	EffectiveAt time.Time         `json:"effective_at"`
	PublishedAt time.Time         `json:"published_at"`
	Author      string            `json:"author"`
	Clauses     policy.Stances    `json:"clauses"`
	Profile     policy.Profile    `json:"profile"`
	Overrides   map[string]string `json:"overrides,omitempty"`
	URL         string            `json:"url"`
	PDFURL      string            `json:"pdf_url"`
}

func (s *Server) versionView(r *http.Request, v policy.Published) versionView {
	slug := ""
	if p, err := s.Practice.FindPractice(r.Context()); err == nil {
		slug = p.Slug
	}
	out := versionView{Version: v.Number, Summary: v.Summary, EffectiveAt: v.EffectiveAt, PublishedAt: v.PublishedAt, Author: v.Author,
		Clauses: v.Policy.Stances.Complete(), Profile: v.Policy.Profile,
		URL:    s.absURL(r, "/p/"+slug+"/policy/v/"+strconv.Itoa(v.Number)),
		PDFURL: s.absURL(r, "/p/"+slug+"/policy/v/"+strconv.Itoa(v.Number)+".pdf")}
	if len(v.Policy.Overrides) > 0 {
		out.Overrides = map[string]string{}
		for c, t := range v.Policy.Overrides {
			out.Overrides[string(c)] = t
		}
	}
	return out
}

func (s *Server) apiGetPolicy(w http.ResponseWriter, r *http.Request) error {
	out := map[string]any{"current": nil}
	if cur, err := s.Policies.Current(r.Context()); err == nil {
		out["current"] = s.versionView(r, cur)
	} else if framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
		return err
	}
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		return err
	}
	out["draft"] = d
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGetDraft(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Policies.Draft(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiSaveDraft(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var p policy.Policy
	if err := decode(r, &p); err != nil {
		return err
	}
	d, err := s.Policies.SaveDraft(r.Context(), a, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiListVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Policies.Versions(r.Context())
	if err != nil {
		return err
	}
	out := make([]versionView, len(vs))
	for i, v := range vs {
		out[i] = s.versionView(r, v)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// publishInput is a publication: the summary of changes and the clauses that
// change. Clauses not named keep the stance of the version in force (or of
// the draft before the first publication); a profile or overrides, when
// given, replace the old ones.
type publishInput struct {
	Summary     string                   `json:"summary"`
	Clauses     map[string]policy.Stance `json:"clauses"`
	Profile     *policy.Profile          `json:"profile"`
	Overrides   map[string]string        `json:"overrides"`
	EffectiveAt *time.Time               `json:"effective_at"`
}

func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if a.Role != framekeeper.RoleAdmin {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins publish the policy.")
	}
	var in publishInput
	if err := decode(r, &in); err != nil {
		return err
	}
	base, err := s.Policies.Current(r.Context())
	var p policy.Policy
	switch {
	case err == nil:
		p = base.Policy.Clone()
	case framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND:
		d, err := s.Policies.Draft(r.Context())
		if err != nil {
			return err
		}
		p = d.Policy.Clone()
	default:
		return err
	}
	changes := policy.Stances{}
	for c, st := range in.Clauses {
		changes[policy.Clause(c)] = st
	}
	if err := changes.Validate(); err != nil {
		return err
	}
	for c, st := range changes {
		p.Stances[c] = st
	}
	if in.Profile != nil {
		p.Profile = *in.Profile
	}
	if in.Overrides != nil {
		p.Overrides = map[policy.Clause]string{}
		for c, t := range in.Overrides {
			p.Overrides[policy.Clause(c)] = t
		}
	}
	eff := time.Time{}
	if in.EffectiveAt != nil {
		eff = *in.EffectiveAt
	}
	pub, err := s.Policies.Publish(r.Context(), a, p, in.Summary, eff)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/policy/versions/"+strconv.Itoa(pub.Number))
	writeJSON(w, http.StatusCreated, s.versionView(r, pub))
	return nil
}

func versionNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, framekeeper.Errorf(framekeeper.ENOTFOUND, "There is no version %q of the policy.", s)
	}
	return n, nil
}

func (s *Server) apiGetVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r.PathValue("n"))
	if err != nil {
		return err
	}
	v, err := s.Policies.VersionByNumber(r.Context(), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.versionView(r, v))
	return nil
}

// apiDiff compares two versions: ?from=1&to=2 (to defaults to the version
// in force; to=draft compares with the draft).
func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := strconv.Atoi(q.Get("from"))
	if err != nil || from < 1 {
		return framekeeper.Invalid("from", "from must be a version number.")
	}
	older, err := s.Policies.VersionByNumber(r.Context(), from)
	if err != nil {
		return err
	}
	var newer policy.Policy
	to := q.Get("to")
	switch to {
	case "draft":
		d, err := s.Policies.Draft(r.Context())
		if err != nil {
			return err
		}
		newer = d.Policy
	default:
		var v policy.Published
		if to == "" {
			v, err = s.Policies.Current(r.Context())
		} else {
			n, perr := strconv.Atoi(to)
			if perr != nil || n < 1 {
				return framekeeper.Invalid("to", "to must be a version number or \"draft\".")
			}
			v, err = s.Policies.VersionByNumber(r.Context(), n)
		}
		if err != nil {
			return err
		}
		newer = v.Policy
	}
	d := policy.Compare(older.Policy, newer)
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "summary": d.Summary(), "changes": d.Changes})
	return nil
}

func (s *Server) apiTemplates(w http.ResponseWriter, r *http.Request) error {
	type tpl struct {
		ID          string         `json:"id"`
		Seed        string         `json:"seed"`
		Name        string         `json:"name"`
		Description string         `json:"description"`
		Clauses     policy.Stances `json:"clauses"`
	}
	var out []tpl
	for _, t := range policy.Templates() {
		out = append(out, tpl{t.ID, t.Seed, t.Name, t.Description, t.Policy.Stances.Complete()})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiImport reads a policy written in prose (the body, as text/plain,
// text/markdown or text/html) and returns the stances and profile it finds,
// with the sentences that decided each clause. Nothing is saved.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	name := "policy.txt"
	switch {
	case strings.HasPrefix(ct, "text/html"):
		name = "policy.html"
	case strings.HasPrefix(ct, "text/markdown"):
		name = "policy.md"
	case strings.HasPrefix(ct, "text/plain"), ct == "":
	default:
		return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "Send the policy as text/plain, text/markdown or text/html.")
	}
	res, err := importer.Import(r.Body, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, importView(res))
	return nil
}

// importView is an import result as JSON: the contract's {clauses, profile}
// plus the evidence for review.
func importView(res importer.Result) map[string]any {
	ev := map[string][]string{}
	for c, ss := range res.Evidence {
		ev[string(c)] = ss
	}
	return map[string]any{"clauses": res.Stances.Complete(), "profile": res.Profile, "evidence": ev, "format": res.Format, "notes": res.Notes}
}
