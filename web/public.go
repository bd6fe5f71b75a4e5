package web

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/render"
)

// Cache lifetimes. The pages of the version in force change when a new
// version is published, so they are cached briefly; the PDF of a numbered
// version is frozen with it and may be kept longer.
const (
	cacheCurrent = "public, max-age=300"
	cacheFrozen  = "public, max-age=86400"
	cacheMissing = "no-cache"
)

// publicSite serves the pages anyone may read without signing in: the
// practice's published policy, its earlier versions, their PDFs and an Atom
// feed of changes. They show the published document and the practice's own
// summaries only, never anything about clients.
type publicSite struct {
	*Server
	tmpl *template.Template
	css  template.CSS
	csp  string
}

// publicRoutes is the route table of the pages anyone may read without
// signing in: the practice's published policy. Its templates are parsed here,
// when the server builds its handler, so a broken one fails at start-up.
func (s *Server) publicRoutes() http.Handler {
	css := render.PageCSS() + publicCSS
	sum := sha256.Sum256([]byte(css))
	ps := &publicSite{
		Server: s,
		tmpl:   template.Must(template.New("public").Parse(publicHTML)),
		css:    template.CSS(css),
		// The pages carry their style inline (they are standalone, printable
		// documents), so the site-wide CSP is narrowed to allow exactly that
		// stylesheet by its hash, and nothing else: no script at all.
		csp: "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
			"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	}
	mux := http.NewServeMux()
	// A GET pattern also answers HEAD.
	mux.HandleFunc("GET /p/{practice}/policy", ps.policyPage)
	mux.HandleFunc("GET /p/{practice}/policy.pdf", ps.policyPDF)
	mux.HandleFunc("GET /p/{practice}/policy.atom", ps.policyFeed)
	mux.HandleFunc("GET /p/{practice}/policy/v/{n}", ps.versionRoute)
	mux.HandleFunc("GET /p/", func(w http.ResponseWriter, r *http.Request) { ps.notFound(w, r, "", "") })
	return mux
}

// parseVersionSegment reads the last path segment of /policy/v/{n} or
// /policy/v/{n}.pdf. Only the canonical spelling is accepted (no sign, no
// leading zero, at most nine digits), so each version has one address.
func parseVersionSegment(seg string) (n int, pdf bool, ok bool) {
	digits, pdf := strings.CutSuffix(seg, ".pdf")
	if len(digits) == 0 || len(digits) > 9 || digits[0] == '0' {
		return 0, false, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false, false
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, false, false
	}
	return n, pdf, true
}

func (ps *publicSite) versionRoute(w http.ResponseWriter, r *http.Request) {
	n, pdf, ok := parseVersionSegment(r.PathValue("n"))
	if !ok {
		ps.notFound(w, r, "", "")
		return
	}
	if pdf {
		ps.pdf(w, r, n)
		return
	}
	ps.page(w, r, n)
}

func (ps *publicSite) policyPage(w http.ResponseWriter, r *http.Request) { ps.page(w, r, 0) }
func (ps *publicSite) policyPDF(w http.ResponseWriter, r *http.Request)  { ps.pdf(w, r, 0) }

// practice returns the practice named by the URL, or not_found. Every route
// checks it, so an address with another slug says nothing about this one.
func (ps *publicSite) practice(r *http.Request) (*framekeeper.Practice, error) {
	p, err := ps.Practice.FindPractice(r.Context())
	if err != nil {
		return nil, err
	}
	if p.Slug == "" || r.PathValue("practice") != p.Slug {
		return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "No such practice.")
	}
	return p, nil
}

// policyPaths are the site-relative addresses of one practice's pages.
type policyPaths struct{ base string }

func pathsFor(slug string) policyPaths {
	return policyPaths{base: "/p/" + url.PathEscape(slug) + "/policy"}
}

func (p policyPaths) page() string            { return p.base }
func (p policyPaths) pdf() string             { return p.base + ".pdf" }
func (p policyPaths) feed() string            { return p.base + ".atom" }
func (p policyPaths) version(n int) string    { return p.base + "/v/" + strconv.Itoa(n) }
func (p policyPaths) versionPDF(n int) string { return p.version(n) + ".pdf" }

// publicDate is how the pages write a date: versions take effect on a day.
func publicDate(t time.Time) string { return t.UTC().Format("January 2, 2006") }

type versionLink struct {
	Number    int
	URL       string
	PDFURL    string
	Effective string
	Status    string // "in force", "takes effect …" or ""
	This      bool   // the version on this page
}

type policyView struct {
	Title     string
	NoIndex   bool
	FeedURL   string
	FeedTitle string
	CSS       template.CSS
	Article   template.HTML
	Number    int
	// Notice says how this version stands: noticeNone (the newest, in
	// effect), noticeUpcoming (the newest, effective later), noticeUntil
	// (still applies until the newest takes effect) or noticeEarlier.
	Notice        string
	CurrentURL    string
	CurrentNumber int
	CurrentFrom   string // the newest version's effective date
	InEffect      int    // the version that applies today; 0 if none yet
	InEffectURL   string
	Summary       string
	Prev          int      // the version this one replaced; 0 for the first
	Changes       []string // what changed since Prev, in plain words
	Published     string
	Effective     string
	Versions      []versionLink
}

// How a version stands, for the notice at the top of its page.
const (
	noticeNone     = ""
	noticeUpcoming = "upcoming"
	noticeUntil    = "until"
	noticeEarlier  = "earlier"
)

// page renders version n, or the version in force when n is 0.
func (ps *publicSite) page(w http.ResponseWriter, r *http.Request, n int) {
	pr, err := ps.practice(r)
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	paths := pathsFor(pr.Slug)
	all, err := ps.Policies.Versions(r.Context())
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	if len(all) == 0 {
		ps.notFound(w, r, "", "")
		return
	}
	current := all[0] // newest first: the highest number is in force
	if n == 0 {
		n = current.Number
	}
	var v, prev *policy.Published
	for i := range all {
		switch all[i].Number {
		case n:
			v = &all[i]
		case n - 1:
			prev = &all[i]
		}
	}
	if v == nil {
		ps.notFound(w, r, fmt.Sprintf("This policy has no version %d.", n), paths.page())
		return
	}
	// The newest version is the one in force (policy.Service), but it may
	// be published ahead of its effective date: until then the version
	// before it still applies, and the pages say so.
	now := time.Now()
	inEffect := 0
	for _, o := range all {
		if !o.EffectiveAt.After(now) {
			inEffect = o.Number
			break
		}
	}
	isCurrent := v.Number == current.Number
	pdfURL := paths.versionPDF(v.Number)
	if isCurrent && r.PathValue("n") == "" {
		pdfURL = paths.pdf()
	}
	article, err := render.PolicyFragment(v.Document, render.HTMLOptions{PDFURL: pdfURL, Lang: "en"})
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	view := policyView{
		Title:         v.Document.Practice + ": " + v.Document.Title,
		FeedURL:       paths.feed(),
		FeedTitle:     pr.Name + ": changes to the policy",
		CSS:           ps.css,
		Article:       article,
		Number:        v.Number,
		CurrentURL:    paths.page(),
		CurrentNumber: current.Number,
		CurrentFrom:   publicDate(current.EffectiveAt),
		InEffect:      inEffect,
		InEffectURL:   paths.version(inEffect),
		Summary:       v.Summary,
		Published:     publicDate(v.PublishedAt),
		Effective:     publicDate(v.EffectiveAt),
	}
	switch {
	case isCurrent && inEffect == v.Number:
		view.Notice = noticeNone
	case isCurrent:
		view.Notice = noticeUpcoming
	case v.Number == inEffect:
		view.Notice = noticeUntil
		view.Title += fmt.Sprintf(" (version %d)", v.Number)
	default:
		view.Notice = noticeEarlier
		view.NoIndex = true
		view.Title += fmt.Sprintf(" (version %d, no longer in force)", v.Number)
	}
	if prev != nil {
		view.Prev = prev.Number
		for _, c := range policy.CompareVersions(prev.Version, v.Version).Changes {
			view.Changes = append(view.Changes, c.Explanation)
		}
	}
	for _, o := range all {
		l := versionLink{Number: o.Number, URL: paths.version(o.Number), PDFURL: paths.versionPDF(o.Number),
			Effective: publicDate(o.EffectiveAt), This: o.Number == v.Number}
		switch {
		case o.Number == inEffect:
			l.Status = "in force"
		case o.EffectiveAt.After(now) && o.Number == current.Number:
			l.Status = "takes effect " + l.Effective
		}
		if o.Number == current.Number {
			l.URL = paths.page()
		}
		view.Versions = append(view.Versions, l)
	}
	var buf bytes.Buffer
	if err := ps.tmpl.ExecuteTemplate(&buf, "page", view); err != nil {
		ps.fail(w, r, err)
		return
	}
	// The page shows which version is in force, so it changes whenever a
	// version is published: it is as new as the newest version.
	ps.serve(w, r, "text/html; charset=utf-8", cacheCurrent, current.PublishedAt, buf.Bytes())
}

// pdf sends version n, or the version in force when n is 0, as a PDF.
func (ps *publicSite) pdf(w http.ResponseWriter, r *http.Request, n int) {
	pr, err := ps.practice(r)
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	var v policy.Published
	cache := cacheFrozen
	if n == 0 {
		v, err = ps.Policies.Current(r.Context())
		cache = cacheCurrent
	} else {
		v, err = ps.Policies.VersionByNumber(r.Context(), n)
	}
	if err != nil {
		if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND && n > 0 {
			ps.notFound(w, r, fmt.Sprintf("This policy has no version %d.", n), pathsFor(pr.Slug).page())
			return
		}
		ps.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	// A fixed creation date makes equal versions give equal bytes, and so
	// equal ETags.
	if err := render.PolicyPDF(&buf, v.Document, render.PDFOptions{CreatedAt: v.PublishedAt, Author: v.Document.Practice}); err != nil {
		ps.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s-policy-v%d.pdf"`, filenameSafe(pr.Slug), v.Number))
	ps.serve(w, r, "application/pdf", cache, v.PublishedAt, buf.Bytes())
}

// filenameSafe keeps the characters a slug is made of, so the quoted
// filename needs no escaping.
func filenameSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, strings.ToLower(s))
	if s == "" {
		return "practice"
	}
	return s
}

// serve writes a finished body through http.ServeContent, which answers
// HEAD, ranges (PDF viewers use them) and conditional requests.
func (ps *publicSite) serve(w http.ResponseWriter, r *http.Request, contentType, cache string, modified time.Time, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cache)
	h.Set("Content-Security-Policy", ps.csp)
	sum := sha256.Sum256(body)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

type messageView struct {
	Title   string
	Message string
	Link    string
	CSS     template.CSS
}

// notFound answers with a small page that names nothing it was not asked
// about: an unknown practice, a practice without a published policy and a
// mistyped address all read the same.
func (ps *publicSite) notFound(w http.ResponseWriter, r *http.Request, msg, link string) {
	if msg == "" {
		msg = "There is no published policy at this address. Please check the link you followed."
	}
	ps.message(w, r, http.StatusNotFound, messageView{Title: "Page not found", Message: msg, Link: link})
}

// fail turns an error into the not-found page or a logged 500.
func (ps *publicSite) fail(w http.ResponseWriter, r *http.Request, err error) {
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		ps.notFound(w, r, "", "")
		return
	}
	id := requestID(r.Context())
	ps.log.Error("Public page failed", "error", err, "path", r.URL.Path, "request_id", id)
	ps.message(w, r, http.StatusInternalServerError, messageView{Title: "Something went wrong",
		Message: "Something went wrong on our side. Please try again later. (Request " + id + ".)"})
}

func (ps *publicSite) message(w http.ResponseWriter, r *http.Request, status int, v messageView) {
	v.CSS = ps.css
	var buf bytes.Buffer
	if err := ps.tmpl.ExecuteTemplate(&buf, "message", v); err != nil {
		ps.log.Error("Render failed", "view", "public message", "error", err, "request_id", requestID(r.Context()))
		http.Error(w, http.StatusText(status), status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheMissing)
	h.Set("Content-Security-Policy", ps.csp)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// Atom (RFC 4287) documents, written with encoding/xml.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   atomText    `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title     atomText   `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
}

// atomTime is an RFC 3339 date-time as Atom requires.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// atomNamespace is the namespace of the name-based UUIDs that identify feeds
// and entries (an arbitrary fixed UUID, the RFC 9562 way).
var atomNamespace = [16]byte{0x4c, 0x2e, 0x8b, 0x1d, 0x5a, 0x7f, 0x4e, 0x31, 0x9b, 0x06, 0xd2, 0x63, 0xa8, 0x4f, 0x17, 0xc5}

// atomID returns a version 5 UUID URN for name. Feed readers know an entry by
// its id forever, so it is derived from the practice's internal id and the
// version number, not from the host name (which may change when a public URL
// is configured) or the slug.
func atomID(name string) string {
	h := sha1.New()
	h.Write(atomNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u[:])
	return "urn:uuid:" + x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// publicBase is the absolute base URL of links that leave the site (the
// feed): the configured public URL, or the address the request came to.
func (ps *publicSite) publicBase(r *http.Request) string {
	if u := strings.TrimRight(ps.cfg.PublicURL, "/"); u != "" {
		return u
	}
	scheme := "http"
	if r.TLS != nil || (ps.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}

type feedEntryView struct {
	Number    int
	Summary   string
	Prev      int
	Changes   []string
	Effective string
	URL       string
	PDFURL    string
}

// policyFeed is an Atom feed with one entry per published version, newest
// first, so clients and their readers learn of a new version.
func (ps *publicSite) policyFeed(w http.ResponseWriter, r *http.Request) {
	pr, err := ps.practice(r)
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	all, err := ps.Policies.Versions(r.Context())
	if err != nil {
		ps.fail(w, r, err)
		return
	}
	base := ps.publicBase(r)
	paths := pathsFor(pr.Slug)
	// With nothing published the feed is empty but valid; its date is the
	// practice's, so it stays the same until the first version.
	updated := pr.CreatedAt
	if len(all) > 0 {
		updated = all[0].PublishedAt
	}
	feed := atomFeed{
		Title:   atomText{Type: "text", Body: pr.Name + ": " + policy.DocumentTitle},
		ID:      atomID("framekeeper:policy-feed:" + pr.ID),
		Updated: atomTime(updated),
		Author:  atomPerson{Name: pr.Name, URI: base + paths.page()},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + paths.feed()},
			{Rel: "alternate", Type: "text/html", Href: base + paths.page()},
		},
		Gen: "Framekeeper",
	}
	for i, v := range all {
		ev := feedEntryView{Number: v.Number, Summary: v.Summary, Effective: publicDate(v.EffectiveAt),
			URL: base + paths.version(v.Number), PDFURL: base + paths.versionPDF(v.Number)}
		// Versions are newest first, so the one before is next in the list.
		if i+1 < len(all) {
			prev := all[i+1]
			ev.Prev = prev.Number
			for _, c := range policy.CompareVersions(prev.Version, v.Version).Changes {
				ev.Changes = append(ev.Changes, c.Explanation)
			}
		}
		var content bytes.Buffer
		if err := ps.tmpl.ExecuteTemplate(&content, "entry", ev); err != nil {
			ps.fail(w, r, err)
			return
		}
		feed.Entries = append(feed.Entries, atomEntry{
			Title:     atomText{Type: "text", Body: fmt.Sprintf("Version %d", v.Number)},
			ID:        atomID(fmt.Sprintf("framekeeper:policy:%s:v%d", pr.ID, v.Number)),
			Updated:   atomTime(v.PublishedAt),
			Published: atomTime(v.PublishedAt),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: ev.URL},
				{Rel: "related", Type: "application/pdf", Href: ev.PDFURL},
			},
			Summary: atomText{Type: "text", Body: v.Summary},
			// The HTML is escaped by html/template, then again as XML text.
			Content: atomText{Type: "html", Body: content.String()},
		})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		ps.fail(w, r, err)
		return
	}
	buf.WriteByte('\n')
	ps.serve(w, r, "application/atom+xml; charset=utf-8", cacheCurrent, updated, buf.Bytes())
}

// publicCSS styles what the public pages add around the policy: the notice
// on an earlier version, what changed and the list of versions. It shares the
// policy's width and colours.
const publicCSS = `
.public-box { max-width: 44rem; margin: 2rem auto; padding: 1.25rem 3rem; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.public-notice { max-width: 44rem; margin: 2rem auto -1rem; padding: 1rem 3rem; background: #fff4d6; border-left: 6px solid #a66a00; }
.public-notice p { margin: .25rem 0; }
.public-box h2 { font-size: 1.1rem; color: #2f5d50; margin: .5rem 0; }
.public-box ol, .public-box ul { padding-left: 1.25rem; }
.public-box .meta { color: #555; font-size: .9rem; }
@media (max-width: 40rem) { .public-box, .public-notice { margin: 0; padding: 1.25rem; box-shadow: none; } }
@media print { .public-notice { margin: 0 0 1rem; padding: .5rem 1rem; } }
`

const publicHTML = `{{define "page"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
{{if .NoIndex}}<meta name="robots" content="noindex">
{{end}}<link rel="alternate" type="application/atom+xml" title="{{.FeedTitle}}" href="{{.FeedURL}}">
<style>{{.CSS}}</style>
</head>
<body>
{{if eq .Notice "earlier"}}<div class="public-notice" id="notice" role="note">
<p><strong>This is version {{.Number}}, an earlier version of this policy. It is not the version in force.</strong></p>
<p><a id="current-link" href="{{.CurrentURL}}">Read the current policy (version {{.CurrentNumber}})</a></p>
</div>
{{else if eq .Notice "until"}}<div class="public-notice" id="notice" role="note">
<p><strong>This version applies until {{.CurrentFrom}}. Version {{.CurrentNumber}} replaces it from that day.</strong></p>
<p><a id="current-link" href="{{.CurrentURL}}">Read version {{.CurrentNumber}}</a></p>
</div>
{{else if eq .Notice "upcoming"}}<div class="public-notice" id="notice" role="note">
<p><strong>This version takes effect on {{.Effective}}.</strong>{{if .InEffect}} Until then, version {{.InEffect}} applies.{{end}}</p>
{{if .InEffect}}<p><a id="in-effect-link" href="{{.InEffectURL}}">Read version {{.InEffect}}</a></p>
{{end}}</div>
{{end}}{{.Article}}
<section class="public-box" id="changes" aria-labelledby="changes-heading">
<h2 id="changes-heading">{{if .Prev}}What changed since version {{.Prev}}{{else}}About this version{{end}}</h2>
<p class="summary">{{.Summary}}</p>
{{if .Prev}}{{if .Changes}}<ul>
{{range .Changes}}<li>{{.}}</li>
{{end}}</ul>
{{else}}<p>Nothing in what this policy says has changed.</p>
{{end}}{{else}}<p>This is the first published version of this policy.</p>
{{end}}<p class="meta">Version {{.Number}}, published {{.Published}}, in effect from {{.Effective}}.</p>
</section>
<nav class="public-box no-print" id="versions" aria-labelledby="versions-heading">
<h2 id="versions-heading">All versions of this policy</h2>
<ol>
{{range .Versions}}<li>{{if .This}}<strong aria-current="page">Version {{.Number}}</strong>{{else}}<a href="{{.URL}}">Version {{.Number}}</a>{{end}}, effective {{.Effective}}{{with .Status}} ({{.}}){{end}} · <a href="{{.PDFURL}}">PDF</a></li>
{{end}}</ol>
<p><a href="{{.FeedURL}}" type="application/atom+xml">Follow changes to this policy (Atom feed)</a></p>
</nav>
</body>
</html>
{{end}}
{{define "message"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main class="public-box">
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{with .Link}}<p><a href="{{.}}">Read the current policy</a></p>
{{end}}</main>
</body>
</html>
{{end}}
{{define "entry"}}<p>{{.Summary}}</p>
{{if .Prev}}<p>What changed since version {{.Prev}}:</p>
{{if .Changes}}<ul>
{{range .Changes}}<li>{{.}}</li>
{{end}}</ul>
{{else}}<p>Nothing in what this policy says has changed.</p>
{{end}}{{else}}<p>This is the first published version of this policy.</p>
{{end}}<p>In effect from {{.Effective}}. <a href="{{.URL}}">Read version {{.Number}}</a> or <a href="{{.PDFURL}}">download it as a PDF</a>.</p>
{{end}}`
