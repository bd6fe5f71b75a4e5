package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/web"
)

// ackSite serves a practice with acknowledgments switched on, a published
// policy and one client without email.
func ackSite(t *testing.T) (*httptest.Server, *ack.Acknowledgment, string, string) {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, "sqlite")
	hash, _ := auth.HashPassword(testPassword, cheap)
	admin := &framekeeper.Staff{Name: "Ada Admin", Email: "admin@example.org", Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Test Practice", admin, hash); err != nil {
		t.Fatal(err)
	}
	actor := framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}
	tmpl, _ := policy.TemplateByID(policy.TemplateComprehensive)
	p := tmpl.Policy.Clone()
	p.Profile.PracticeName = "Test Practice"
	if _, err := db.Policies().Publish(ctx, actor, p, "First.", time.Time{}); err != nil {
		t.Fatal(err)
	}
	var base string
	acks := db.Acks(func() string { return base }, web.SignedPDF)
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies(),
		Interactions: db, Agenda: db, Alerts: db, Review: db, Acks: acks}, web.Config{Version: "test", PasswordParams: cheap},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	base = ts.URL
	c := &framekeeper.Client{Name: "Lee Letter", Status: "current"}
	if err := db.CreateClient(ctx, actor, c); err != nil {
		t.Fatal(err)
	}
	a, err := acks.Request(ctx, actor, c.ID, ack.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return ts, a, c.ID, admin.Email
}

func TestSigningPageRefusesCrossSiteAndGuessing(t *testing.T) {
	ts, a, _, _ := ackSite(t)
	link := a.Signers[0].SignURL
	form := url.Values{"typed_name": {"Lee Letter"}, "consent": {"yes"}, "intent": {"yes"}}.Encode()
	req, _ := http.NewRequest("POST", link, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site signature: %d, want 403", res.StatusCode)
	}
	// A page carries no console navigation and nothing of other clients.
	res, _ = http.Get(link)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || strings.Contains(string(body), "/console") || !strings.Contains(string(body), "Lee Letter") {
		t.Errorf("signing page: %d, console links or name wrong", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	// Guessing links: after 20 bad ones, the address waits, even with a
	// good link.
	for i := 0; i < 20; i++ {
		res, _ := http.Get(ts.URL + "/sign/fks_" + strings.Repeat("g", 43))
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("guess %d: %d", i, res.StatusCode)
		}
	}
	res, _ = http.Get(link)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 20 guesses: %d, want 429", res.StatusCode)
	}
}

func TestConsoleAcknowledgmentPages(t *testing.T) {
	ts, a, clientID, adminEmail := ackSite(t)
	site := &testSite{Server: ts}
	c := site.browserless(t)
	if res := site.login(t, c, adminEmail, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %d", res.StatusCode)
	}
	get := func(path string) (int, string, string) {
		res, err := c.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	post := func(path, ct string, body io.Reader) (int, string, string) {
		req, _ := http.NewRequest("POST", ts.URL+path, body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	if st, _, body := get("/console/acknowledgments"); st != 200 || !strings.Contains(body, "Lee Letter") || !strings.Contains(body, "Pending") {
		t.Errorf("status page %d", st)
	}
	if st, ct, _ := post("/console/acknowledgments/letters", "application/x-www-form-urlencoded", strings.NewReader("")); st != 200 || ct != "application/pdf" {
		t.Errorf("letters: %d %s", st, ct)
	}
	if st, ct, _ := get("/console/clients/" + clientID + "/acknowledgments/blank.pdf"); st != 200 || ct != "application/pdf" {
		t.Errorf("blank: %d %s", st, ct)
	}
	upload := func(scan []byte, attest bool) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("paper_signers", "Lee Letter")
		mw.WriteField("signed_on", time.Now().Format("2006-01-02"))
		if attest {
			mw.WriteField("attest", "yes")
		}
		fw, _ := mw.CreateFormFile("scan", "scan.png")
		fw.Write(scan)
		mw.Close()
		st, _, body := post("/console/clients/"+clientID+"/acknowledgments/paper", mw.FormDataContentType(), &buf)
		return st, body
	}
	if st, body := upload([]byte("<script>alert(1)</script>"), true); st != http.StatusUnsupportedMediaType || !strings.Contains(body, "not a PDF, PNG or JPEG") {
		t.Errorf("html upload: %d", st)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00IEND\xae\x42\x60\x82")
	if st, _ := upload(png, false); st != http.StatusBadRequest {
		t.Errorf("unattested upload: %d", st)
	}
	st, body := upload(png, true)
	if st != 200 || !strings.Contains(body, "paper acknowledgment was recorded") {
		t.Fatalf("paper upload: %d", st)
	}
	if !strings.Contains(body, "Revoked") || !strings.Contains(body, "paper") {
		t.Errorf("history after paper lacks the withdrawn request or the paper one")
	}
	if _, _, body := get("/console/clients/" + clientID); !strings.Contains(body, "/console/clients/"+clientID+"/acknowledgments") {
		t.Errorf("client page has no link to acknowledgments")
	}
	// The old electronic link now says it was withdrawn.
	res, _ := http.Get(a.Signers[0].SignURL)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusGone || !strings.Contains(string(b), "withdrawn") {
		t.Errorf("withdrawn link: %d", res.StatusCode)
	}
}
