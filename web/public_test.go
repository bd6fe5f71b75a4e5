package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/web"
)

const (
	accentedName = "Zoë Ångström-Nuñez"
	hostileHTML  = "<script>alert(1)</script>"
	profileName  = "Cedar Lane Psychology"
)

// published is a site with two versions of its policy: 1, and 2 in force.
type published struct {
	*testSite
	slug   string
	v1, v2 policy.Published
}

// mustPublishTwo publishes version 1 (the comprehensive template with an
// accented therapist name) and version 2 (texts for scheduling, a hostile
// override and summary).
func mustPublishTwo(t testing.TB, ts *testSite) *published {
	t.Helper()
	ctx := context.Background()
	admin, _, err := ts.db.StaffCredentials(ctx, ts.adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	actor := framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}
	tmpl, ok := policy.TemplateByID(policy.TemplateComprehensive)
	if !ok {
		t.Fatal("no comprehensive template")
	}
	p := tmpl.Policy.Clone()
	p.Profile.PracticeName = profileName
	p.Profile.TherapistNames = []string{accentedName}
	v1, err := ts.db.Policies().Publish(ctx, actor, p, "Our first published policy.", time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	p = p.Clone()
	p.Stances[policy.Texting] = "administrative_only"
	p.Overrides = map[policy.Clause]string{policy.Friending: "We decline every friend request. " + hostileHTML + " We talk about it in session."}
	v2, err := ts.db.Policies().Publish(ctx, actor, p, "Texts are now used for scheduling. "+hostileHTML, time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := ts.db.FindPractice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &published{testSite: ts, slug: pr.Slug, v1: v1, v2: v2}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func fetch(t testing.TB, method, u string, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

// explanations are the plain-language changes from one version to the next,
// as the pages must show them.
func explanations(older, newer policy.Published) []string {
	var out []string
	for _, c := range policy.CompareVersions(older.Version, newer.Version).Changes {
		out = append(out, c.Explanation)
	}
	return out
}

func TestPublicPolicyPages(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	base := site.URL + "/p/" + site.slug + "/policy"
	changes := explanations(site.v1, site.v2)
	if len(changes) == 0 {
		t.Fatal("versions 1 and 2 do not differ: the test publishes the wrong policies")
	}
	var escapedChanges []string
	for _, c := range changes {
		escapedChanges = append(escapedChanges, html.EscapeString(c))
	}
	const notInForce = "It is not the version in force."
	tests := []struct {
		name    string
		path    string
		want    []string
		notWant []string
		cache   string
	}{
		{"current", "", append([]string{
			"<title>" + profileName + ": " + policy.DocumentTitle + "</title>",
			`<link rel="alternate" type="application/atom+xml"`,
			`href="/p/` + site.slug + `/policy.atom"`,
			`href="/p/` + site.slug + `/policy.pdf"`,
			`<a href="/p/` + site.slug + `/policy/v/1">Version 1</a>`,
			`<strong aria-current="page">Version 2</strong>`,
			"Version 2, effective June 2, 2025",
			"What changed since version 1",
			html.EscapeString("Texts are now used for scheduling. " + hostileHTML),
			"Zoë Ångström-Nuñez",
		}, escapedChanges...), []string{notInForce, `name="robots"`}, "public, max-age=300"},
		{"version 1", "/v/1", []string{
			"(version 1, no longer in force)</title>",
			notInForce,
			`<a id="current-link" href="/p/` + site.slug + `/policy">Read the current policy (version 2)</a>`,
			`href="/p/` + site.slug + `/policy/v/1.pdf"`,
			"Version 1, effective January 6, 2025",
			"This is the first published version of this policy.",
			"Our first published policy.",
			`<meta name="robots" content="noindex">`,
		}, []string{"What changed since", "We decline every friend request"}, "public, max-age=300"},
		{"version 2 by number", "/v/2", append([]string{
			"What changed since version 1",
			`href="/p/` + site.slug + `/policy/v/2.pdf"`,
		}, escapedChanges...), []string{notInForce}, "public, max-age=300"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fetch(t, "GET", base+tt.path, nil)
			if res.status != http.StatusOK {
				t.Fatalf("status = %d, want 200\n%s", res.status, res.body)
			}
			if got := res.header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := res.header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			body := string(res.body)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("page contains %q", w)
				}
			}
			if strings.Contains(strings.ToLower(body), "<script") {
				t.Errorf("page contains a script element:\n%s", body)
			}

			head := fetch(t, "HEAD", base+tt.path, nil)
			if head.status != http.StatusOK || len(head.body) != 0 {
				t.Errorf("HEAD: status %d, %d body bytes; want 200 and none", head.status, len(head.body))
			}
			if got, want := head.header.Get("Content-Length"), res.header.Get("Content-Length"); got != want || got == "" {
				t.Errorf("HEAD Content-Length = %q, GET's = %q", got, want)
			}
		})
	}
}

// TestPublicUpcomingVersion publishes version 3 ahead of its effective date:
// its page says when it takes effect, and version 2 says it still applies.
func TestPublicUpcomingVersion(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	ctx := context.Background()
	admin, _, err := site.db.StaffCredentials(ctx, site.adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	p := site.v2.Policy.Clone()
	p.Stances[policy.Email] = "not_used"
	from := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	if _, err := site.db.Policies().Publish(ctx, framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}, p, "We stop using email.", from); err != nil {
		t.Fatal(err)
	}
	date := from.Format("January 2, 2006")
	base := site.URL + "/p/" + site.slug + "/policy"
	tests := []struct {
		path    string
		want    []string
		notWant []string
	}{
		{"", []string{"This version takes effect on " + date + ".</strong> Until then, version 2 applies.",
			`<a id="in-effect-link" href="/p/` + site.slug + `/policy/v/2">Read version 2</a>`,
			"(takes effect " + date + ")", "What changed since version 2"}, []string{"not the version in force"}},
		{"/v/2", []string{"This version applies until " + date + ". Version 3 replaces it from that day.",
			`<strong aria-current="page">Version 2</strong>, effective June 2, 2025 (in force)`},
			[]string{"not the version in force", `name="robots"`}},
		{"/v/1", []string{"It is not the version in force."}, []string{"applies until"}},
	}
	for _, tt := range tests {
		res := fetch(t, "GET", base+tt.path, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.path, res.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(res.body), w) {
				t.Errorf("%s lacks %q", tt.path, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(string(res.body), w) {
				t.Errorf("%s contains %q", tt.path, w)
			}
		}
	}
}

// TestPublicPagesCSP checks that the one inline stylesheet is allowed by its
// hash and nothing else is: the page must be styled, yet run no script.
func TestPublicPagesCSP(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	for _, path := range []string{"/policy", "/policy/v/1", "/nothing-here"} {
		res := fetch(t, "GET", site.URL+"/p/"+site.slug+path, nil)
		m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllSubmatch(res.body, -1)
		if len(m) != 1 {
			t.Fatalf("%s: %d style elements, want 1", path, len(m))
		}
		css := m[0][1]
		if !bytes.Contains(css, []byte(".policy {")) || !bytes.Contains(css, []byte(".public-box")) {
			t.Errorf("%s: stylesheet lacks the policy's or the public pages' rules", path)
		}
		sum := sha256.Sum256(css)
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		csp := res.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "style-src "+hash) {
			t.Errorf("%s: CSP %q does not allow the stylesheet %s", path, csp, hash)
		}
		if strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q is not strict", path, csp)
		}
	}
}

func TestPublicNotFound(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	p := site.URL + "/p/" + site.slug
	for _, path := range []string{
		"/p/other-practice/policy", "/p/other-practice/policy.pdf", "/p/other-practice/policy.atom",
		"/p/other-practice/policy/v/1", "/p/Test-Practice/policy",
		p + "/policy/v/3", p + "/policy/v/3.pdf", p + "/policy/v/0", p + "/policy/v/01", p + "/policy/v/-1",
		p + "/policy/v/+1", p + "/policy/v/1.5", p + "/policy/v/abc", p + "/policy/v/1.pdfx", p + "/policy/v/1.PDF",
		p + "/policy/v/99999999999999999999", p + "/policy/v/1/extra", p + "/policy/", p + "/policy.html",
		p + "/nothing", "/p/", "/p/" + site.slug,
	} {
		u := path
		if strings.HasPrefix(u, "/") {
			u = site.URL + u
		}
		for _, method := range []string{"GET", "HEAD"} {
			res := fetch(t, method, u, nil)
			if res.status != http.StatusNotFound {
				t.Errorf("%s %s: status %d, want 404", method, path, res.status)
				continue
			}
			if got := res.header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("%s %s: Content-Type %q", method, path, got)
			}
			body := string(res.body)
			if method == "HEAD" {
				if body != "" {
					t.Errorf("HEAD %s: body %q", path, body)
				}
				continue
			}
			if !strings.Contains(body, "<h1>Page not found</h1>") {
				t.Errorf("GET %s: not the not-found page:\n%s", path, body)
			}
			for _, leak := range []string{profileName, "Ada Admin", accentedName, "goroutine", ".go:", "sql"} {
				if strings.Contains(body, leak) {
					t.Errorf("GET %s: 404 page reveals %q", path, leak)
				}
			}
		}
	}
	res := fetch(t, "POST", p+"/policy", nil)
	if res.status != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", res.status)
	}
}

func TestPublicNothingPublished(t *testing.T) {
	ts := newTestSite(t)
	pr, err := ts.db.FindPractice(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	base := ts.URL + "/p/" + pr.Slug + "/policy"
	for _, path := range []string{"", ".pdf", "/v/1", "/v/1.pdf"} {
		if res := fetch(t, "GET", base+path, nil); res.status != http.StatusNotFound {
			t.Errorf("%s with nothing published: status %d, want 404", path, res.status)
		}
	}
	res := fetch(t, "GET", base+".atom", nil)
	if res.status != http.StatusOK {
		t.Fatalf("feed: status %d", res.status)
	}
	f := mustParseFeed(t, res.body)
	if len(f.Entries) != 0 || f.ID == "" || f.Updated == "" || f.Title == "" {
		t.Errorf("empty feed = %+v, want an id, title, updated and no entries", f)
	}
}

// pdfText extracts the text of a PDF with pdftotext, skipping the test when
// it is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not on PATH (apt-get install poppler-utils); cannot read the PDF's text")
	}
	in := filepath.Join(t.TempDir(), "policy.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestPublicPolicyPDF(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	base := site.URL + "/p/" + site.slug + "/policy"
	tests := []struct {
		path    string
		version policy.Published
		cache   string
	}{
		{".pdf", site.v2, "public, max-age=300"},
		{"/v/2.pdf", site.v2, "public, max-age=86400"},
		{"/v/1.pdf", site.v1, "public, max-age=86400"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := fetch(t, "GET", base+tt.path, nil)
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			if got := res.header.Get("Content-Type"); got != "application/pdf" {
				t.Errorf("Content-Type = %q", got)
			}
			wantCD := `inline; filename="` + site.slug + `-policy-v` + string(rune('0'+tt.version.Number)) + `.pdf"`
			if got := res.header.Get("Content-Disposition"); got != wantCD {
				t.Errorf("Content-Disposition = %q, want %q", got, wantCD)
			}
			if got := res.header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			if !bytes.HasPrefix(res.body, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", res.body[:min(20, len(res.body))])
			}
			text := pdfText(t, res.body)
			want := []string{profileName, accentedName, policy.DocumentTitle, tt.version.Document.VersionLine()}
			for _, s := range tt.version.Document.Sections {
				want = append(want, s.Heading)
			}
			for _, w := range want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if strings.Contains(text, hostileHTML) {
				t.Errorf("PDF shows the raw markup %q", hostileHTML)
			}

			// An unchanged version is answered from the reader's cache.
			etag := res.header.Get("ETag")
			again := fetch(t, "GET", base+tt.path, map[string]string{"If-None-Match": etag})
			if etag == "" || again.status != http.StatusNotModified {
				t.Errorf("If-None-Match %q: status %d, want 304", etag, again.status)
			}
		})
	}
}

// atom is what the test reads of a feed; encoding/xml matches the namespace.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  string   `xml:"author>name"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func mustParseFeed(t testing.TB, b []byte) atom {
	t.Helper()
	var f atom
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, b)
	}
	return f
}

func TestPublicPolicyFeed(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	res := fetch(t, "GET", site.URL+"/p/"+site.slug+"/policy.atom", nil)
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	if got := res.header.Get("Content-Type"); got != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if bytes.Contains(res.body, []byte(hostileHTML)) {
		t.Error("feed carries the raw markup")
	}
	f := mustParseFeed(t, res.body)
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(f.Entries))
	}
	if got, want := f.Updated, site.v2.PublishedAt.UTC().Format(time.RFC3339); got != want {
		t.Errorf("feed updated = %q, want %q", got, want)
	}
	if f.Author != profileName {
		t.Errorf("feed author = %q, want %q", f.Author, profileName)
	}
	self := ""
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if want := site.URL + "/p/" + site.slug + "/policy.atom"; self != want {
		t.Errorf("self link = %q, want %q", self, want)
	}
	for i, v := range []policy.Published{site.v2, site.v1} {
		e := f.Entries[i]
		if want := "Version " + string(rune('0'+v.Number)); e.Title != want {
			t.Errorf("entry %d title = %q, want %q", i, e.Title, want)
		}
		if want := v.PublishedAt.UTC().Format(time.RFC3339); e.Updated != want {
			t.Errorf("entry %d updated = %q, want %q", i, e.Updated, want)
		}
		if e.Summary != v.Summary {
			t.Errorf("entry %d summary = %q, want %q", i, e.Summary, v.Summary)
		}
		if !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("entry %d id = %q, want a urn:uuid", i, e.ID)
		}
		alt := ""
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				alt = l.Href
			}
		}
		if want := site.URL + "/p/" + site.slug + "/policy/v/" + string(rune('0'+v.Number)); alt != want {
			t.Errorf("entry %d link = %q, want %q", i, alt, want)
		}
		if e.Content.Type != "html" || strings.Contains(e.Content.Body, hostileHTML) {
			t.Errorf("entry %d content (%s) is not escaped HTML:\n%s", i, e.Content.Type, e.Content.Body)
		}
		if !strings.Contains(e.Content.Body, html.EscapeString(v.Summary)) {
			t.Errorf("entry %d content lacks the summary:\n%s", i, e.Content.Body)
		}
	}
	for _, c := range explanations(site.v1, site.v2) {
		if !strings.Contains(f.Entries[0].Content.Body, html.EscapeString(c)) {
			t.Errorf("version 2 entry lacks the change %q", c)
		}
	}
	if f.Entries[0].ID == f.Entries[1].ID {
		t.Error("two entries share an id")
	}

	// Ids stay the same whatever address the feed is read at, and links
	// follow the configured public URL.
	srv, err := web.New(web.Services{Clients: site.db, Records: site.db, Staff: site.db, Auth: site.db, Practice: site.db, Policies: site.db.Policies()},
		web.Config{PublicURL: "https://policy.example.org/", PasswordParams: cheap}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(srv.Handler())
	defer other.Close()
	g := mustParseFeed(t, fetch(t, "GET", other.URL+"/p/"+site.slug+"/policy.atom", map[string]string{"Host": "elsewhere.example"}).body)
	if g.ID != f.ID || len(g.Entries) != 2 || g.Entries[0].ID != f.Entries[0].ID || g.Entries[1].ID != f.Entries[1].ID {
		t.Errorf("ids changed with the address: %q/%v vs %q/%v", g.ID, g.Entries, f.ID, f.Entries)
	}
	for _, l := range g.Links {
		if !strings.HasPrefix(l.Href, "https://policy.example.org/p/") {
			t.Errorf("link %q does not use the public URL", l.Href)
		}
	}
}

// newFuzzSite is newTestSite for a fuzz target (which has no *testing.T):
// a practice with its admin on a fresh SQLite database.
func newFuzzSite(tb testing.TB) *testSite {
	tb.Helper()
	db := storagetest.Open(tb, "sqlite")
	hash, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		tb.Fatal(err)
	}
	ts := &testSite{db: db, adminEmail: "admin@example.org"}
	if _, err := db.SetupPractice(context.Background(), "Test Practice", &framekeeper.Staff{Name: "Ada Admin", Email: ts.adminEmail, Role: framekeeper.RoleAdmin}, hash); err != nil {
		tb.Fatal(err)
	}
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies()},
		web.Config{PasswordParams: cheap}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	ts.Server = httptest.NewServer(srv.Handler())
	tb.Cleanup(ts.Close)
	return ts
}

// FuzzPublicVersionPath sends arbitrary last segments to
// /p/{practice}/policy/v/{n}: only the canonical numbers of the two versions
// (and their PDFs) may answer 200, everything else a clean 404 (or the
// router's redirect for a path that cleans to another), never a 500.
func FuzzPublicVersionPath(f *testing.F) {
	for _, s := range []string{"1", "2", "1.pdf", "2.pdf", "3", "0", "01", "-1", "+2", "1.5", "abc", "", ".pdf", "1.pdf.pdf",
		"2 ", "٢", "1%2F", "..", "1e0", "0x1", "99999999999999999999", "2.PDF", "1\x00"} {
		f.Add(s)
	}
	site := mustPublishTwo(f, newFuzzSite(f))
	h := site.Config.Handler
	ok := map[string]bool{"1": true, "2": true, "1.pdf": true, "2.pdf": true}
	f.Fuzz(func(t *testing.T, seg string) {
		if seg == "" {
			return // the route needs a segment; /v/ itself is the catch-all's
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL = &url.URL{Path: "/p/" + site.slug + "/policy/v/" + seg}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch st := rec.Code; {
		case st == http.StatusOK && !ok[seg]:
			t.Fatalf("segment %q: 200, want 404", seg)
		case st != http.StatusOK && ok[seg]:
			t.Fatalf("segment %q: %d, want 200", seg, st)
		case st != http.StatusOK && st != http.StatusNotFound && (st < 300 || st > 399):
			t.Fatalf("segment %q: status %d", seg, st)
		}
	})
}
