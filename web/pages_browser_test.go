package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEveryConsolePage opens each console page as an admin and checks
// that it renders (a heading, no error page), then records a review by hand
// and audits a LinkedIn export through the upload forms.
func TestBrowserEveryConsolePage(t *testing.T) {
	ts := newTestSite(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ts, ts.adminEmail)
	for _, path := range []string{"/console", "/console/inbox", "/console/clients", "/console/clients/new", "/console/acknowledgments",
		"/console/governance/searches", "/console/governance/post-check", "/console/governance/self-audit", "/console/governance/templates",
		"/console/policy", "/console/reviews", "/console/audit", "/console/channels", "/console/staff", "/console/oncall"} {
		var h1, body string
		run(t, ctx, chromedp.Navigate(ts.URL+path), waitFor("h1"), chromedp.Text("h1", &h1, chromedp.ByQuery), chromedp.Text("main", &body, chromedp.ByQuery))
		if h1 == "" || strings.Contains(body, "Internal") || strings.Contains(h1, "Not Found") || strings.Contains(h1, "Forbidden") {
			t.Errorf("%s: heading %q, page %.200q", path, h1, body)
		}
	}

	// A review entered by hand is never answered.
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/reviews"),
		waitFor("#r-site"),
		chromedp.SendKeys("#r-site", "Yelp", chromedp.ByQuery),
		chromedp.SendKeys("#r-author", "K. L.", chromedp.ByQuery),
		chromedp.SendKeys("#r-text", "Helpful and kind, but parking is hard.", chromedp.ByQuery),
		clickNav(`form:has(#r-text) button[type=submit]`),
		waitFor("main"),
	)
	if m := textOf(t, ctx, "main"); !strings.Contains(strings.ToLower(m), "never respond") {
		t.Errorf("after recording a review: %.300q", m)
	}

	// A LinkedIn export with nobody on the roster: a report with no findings.
	file := filepath.Join(t.TempDir(), "Connections.csv")
	os.WriteFile(file, []byte("Notes:\n\"When exporting your connection data, you may notice...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nPat,Lee,https://www.linkedin.com/in/patlee,,Acme,Engineer,01 Mar 2024\n"), 0o644)
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/audit"),
		waitFor("#a-file"),
		chromedp.SetValue("#a-platform", "linkedin", chromedp.ByQuery),
		chromedp.SetUploadFiles("#a-file", []string{file}, chromedp.ByQuery),
		clickNav(`form:has(#a-file) button[type=submit]`),
		waitFor("main"),
	)
	if m := textOf(t, ctx, "main"); !strings.Contains(m, "1") || strings.Contains(m, "Internal") {
		t.Errorf("audit report: %.300q", m)
	}
}
