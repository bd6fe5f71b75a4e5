package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/postcheck"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/web"
)

const testPassword = "a long test password"

// cheap argon2 costs keep tests quick; production uses auth.DefaultParams.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1}

type testSite struct {
	*httptest.Server
	db             *storage.DB
	adminEmail     string
	therapistEmail string
	deskEmail      string
}

// newTestSite serves a practice with an admin, a therapist and a front desk
// on a fresh SQLite database.
func newTestSite(t *testing.T) *testSite {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, "sqlite")
	hash, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testSite{db: db, adminEmail: "admin@example.org", therapistEmail: "tess@example.org", deskEmail: "desk@example.org"}
	if _, err := db.SetupPractice(ctx, "Test Practice", &framekeeper.Staff{Name: "Ada Admin", Email: ts.adminEmail, Role: framekeeper.RoleAdmin}, hash); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*framekeeper.Staff{
		{Name: "Tess Therapist", Email: ts.therapistEmail, Role: framekeeper.RoleTherapist},
		{Name: "Dana Desk", Email: ts.deskEmail, Role: framekeeper.RoleFrontDesk},
	} {
		if err := db.CreateStaff(ctx, s, hash); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pipeline := &intake.Pipeline{Store: db, Context: storage.TriageContext{DB: db, PublicURL: "http://localhost"},
		Resolve: resolve.NewResolver(db.Roster()).Resolve, Detector: detect.Default(), Log: log, Workers: 2}
	// The server's URL is known only once it listens; the signing links
	// ask for it late.
	var url string
	resolver := resolve.NewResolver(db.Roster())
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies(),
		Intake: pipeline, Interactions: db, Agenda: db, Alerts: db, Review: db,
		Acks: db.Acks(func() string { return url }, web.SignedPDF), Channels: db, AuditResolve: resolver.Resolve,
		Governance: db, Consents: db, PostCheck: postcheck.New(), OutboundCheck: storage.OutboundGuard().Check},
		web.Config{Version: "test", PasswordParams: cheap}, log)
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = httptest.NewServer(srv.Handler())
	url = ts.Server.URL
	t.Cleanup(ts.Close)
	return ts
}

// browserless is an HTTP client with a cookie jar that does not follow
// redirects, so tests can look at each answer.
func (ts *testSite) browserless(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (ts *testSite) login(t *testing.T, c *http.Client, email, password string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestLoginSessionsAndRoles(t *testing.T) {
	ts := newTestSite(t)
	c := ts.browserless(t)
	res, _ := c.Get(ts.URL + "/console/clients")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("signed out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := ts.login(t, c, ts.deskEmail, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	var session *http.Cookie
	u, _ := url.Parse(ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "fk_session" {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	if res, _ := c.Get(ts.URL + "/console/clients"); res.StatusCode != 200 {
		t.Errorf("front desk client list: %d", res.StatusCode)
	}
	if res, _ := c.Get(ts.URL + "/console/staff"); res.StatusCode != http.StatusForbidden {
		t.Errorf("front desk staff page: %d, want 403", res.StatusCode)
	}
}

func TestCrossSiteFormsRefused(t *testing.T) {
	ts := newTestSite(t)
	c := ts.browserless(t)
	ts.login(t, c, ts.adminEmail, testPassword)
	form := url.Values{"name": {"Forged Client"}, "status": {"current"}}.Encode()
	req, _ := http.NewRequest("POST", ts.URL+"/console/clients/new", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	_, total, _ := ts.db.FindClients(context.Background(), framekeeper.Actor{Role: framekeeper.RoleAdmin}, framekeeper.ClientFilter{})
	if total != 0 {
		t.Errorf("forged request created %d clients", total)
	}
}

func TestLoginRateLimit(t *testing.T) {
	ts := newTestSite(t)
	c := ts.browserless(t)
	for i := range 5 {
		if res := ts.login(t, c, ts.adminEmail, "wrong password"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, res.StatusCode)
		}
	}
	// Now even the right password waits.
	if res := ts.login(t, c, ts.adminEmail, testPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 5 failures: %d, want 429", res.StatusCode)
	}
	// Another account is not locked by it.
	if res := ts.login(t, c, ts.therapistEmail, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("other account: %d", res.StatusCode)
	}
}

func TestSecurityHeadersAndSafeRedirect(t *testing.T) {
	ts := newTestSite(t)
	res, err := http.Get(ts.URL + "/login?next=//evil.example/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if strings.Contains(string(body), "evil.example") {
		t.Error("login page carries an off-site next URL")
	}
	if res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("no Referrer-Policy")
	}
}

func TestSetupOnlyOnce(t *testing.T) {
	db := storagetest.Open(t, "sqlite")
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies()},
		web.Config{PasswordParams: cheap}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, _ := c.Get(ts.URL + "/")
	if res.Header.Get("Location") != "/setup" {
		t.Fatalf("fresh install / redirects to %q, want /setup", res.Header.Get("Location"))
	}
	post := func(v url.Values) int {
		req, _ := http.NewRequest("POST", ts.URL+"/setup", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	good := url.Values{"practice": {"Lakeside Therapy"}, "name": {"Lee Owner"}, "email": {"lee@example.org"}, "password": {"long enough pw"}, "password2": {"long enough pw"}}
	short := url.Values{"practice": {"Lakeside Therapy"}, "name": {"Lee Owner"}, "email": {"lee@example.org"}, "password": {"short"}, "password2": {"short"}}
	if st := post(short); st != http.StatusBadRequest {
		t.Errorf("short password: %d", st)
	}
	if st := post(good); st != http.StatusSeeOther {
		t.Errorf("setup: %d", st)
	}
	good.Set("email", "mallory@example.org")
	if st := post(good); st != http.StatusConflict {
		t.Errorf("second setup: %d, want 409", st)
	}
	p, _ := db.FindPractice(context.Background())
	if p.Name != "Lakeside Therapy" || p.Slug != "lakeside-therapy" {
		t.Errorf("practice = %+v", p)
	}
}
