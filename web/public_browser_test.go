package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/framekeeper/framekeeper/policy"
)

// TestBrowserPublicPolicy opens the public policy as a client would: the
// version in force, styled (the CSP lets its stylesheet through), then an
// earlier version through the list of versions, and back.
func TestBrowserPublicPolicy(t *testing.T) {
	site := mustPublishTwo(t, newTestSite(t))
	ctx := newBrowser(t)
	policyURL := site.URL + "/p/" + site.slug + "/policy"

	var title string
	run(t, ctx,
		chromedp.Navigate(policyURL),
		waitFor("article.policy h1"),
		chromedp.Title(&title),
	)
	if want := profileName + ": " + policy.DocumentTitle; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
	if h1 := textOf(t, ctx, "article.policy h1"); h1 != policy.DocumentTitle {
		t.Errorf("h1 = %q, want %q", h1, policy.DocumentTitle)
	}
	if v := textOf(t, ctx, "article.policy .version"); v != site.v2.Document.VersionLine() {
		t.Errorf("version line = %q, want %q", v, site.v2.Document.VersionLine())
	}
	var headings []string
	run(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("article.policy h2")).map(h => h.textContent.trim())`, &headings))
	var want []string
	for _, s := range site.v2.Document.Sections {
		want = append(want, s.Heading)
	}
	if strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Errorf("section headings = %q, want %q", headings, want)
	}
	var notices int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("#notice").length`, &notices))
	if notices != 0 {
		t.Error("the version in force carries the earlier-version notice")
	}
	// The stylesheet applied: the policy sits on a white sheet, the page
	// around it is tinted. Blocked by the CSP, both would be transparent.
	var sheet, page string
	run(t, ctx,
		chromedp.Evaluate(`getComputedStyle(document.querySelector("article.policy")).backgroundColor`, &sheet),
		chromedp.Evaluate(`getComputedStyle(document.body).backgroundColor`, &page),
	)
	if sheet != "rgb(255, 255, 255)" || page == "rgba(0, 0, 0, 0)" {
		t.Errorf("page is unstyled: sheet %q, body %q", sheet, page)
	}
	if changes := textOf(t, ctx, "#changes"); !strings.Contains(changes, "What changed since version 1") ||
		!strings.Contains(changes, hostileHTML) {
		t.Errorf("changes box = %q, want the heading and the summary shown as text", changes)
	}

	run(t, ctx,
		chromedp.Click(`#versions a[href$="/policy/v/1"]`, chromedp.ByQuery),
		waitFor("#notice"),
	)
	var loc string
	run(t, ctx, chromedp.Location(&loc))
	if !strings.HasSuffix(loc, "/policy/v/1") {
		t.Errorf("after the version link at %s, want /policy/v/1", loc)
	}
	if n := textOf(t, ctx, "#notice"); !strings.Contains(n, "not the version in force") {
		t.Errorf("notice = %q", n)
	}
	if v := textOf(t, ctx, "article.policy .version"); v != site.v1.Document.VersionLine() {
		t.Errorf("version line = %q, want %q", v, site.v1.Document.VersionLine())
	}

	run(t, ctx,
		chromedp.Click(`#current-link`, chromedp.ByQuery),
		waitFor(`#versions strong[aria-current="page"]`),
		chromedp.Location(&loc),
	)
	if loc != policyURL {
		t.Errorf("current-version link went to %s, want %s", loc, policyURL)
	}
	if v := textOf(t, ctx, `#versions strong[aria-current="page"]`); v != "Version 2" {
		t.Errorf("current page marks %q as itself, want Version 2", v)
	}
}
