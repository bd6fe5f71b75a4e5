package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/framekeeper/framekeeper/internal/browsertest"
)

// The page tests' helpers, short names for package browsertest.
func newBrowser(t *testing.T) context.Context { return browsertest.New(t) }
func waitFor(sel string) chromedp.Action      { return browsertest.WaitFor(sel) }
func clickNav(sel string) chromedp.Action     { return browsertest.ClickNav(sel) }
func textOf(t *testing.T, ctx context.Context, sel string) string {
	return browsertest.Text(t, ctx, sel)
}
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	browsertest.Run(t, ctx, actions...)
}

// TestBrowserClientAndNote signs in, adds a client with identities, adds a
// note, and checks what the pages show, including that markup typed by a
// user is shown as text, never run.
func TestBrowserClientAndNote(t *testing.T) {
	ts := newTestSite(t)
	ctx := newBrowser(t)

	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/clients"),
		waitFor("#email"),
		chromedp.SendKeys("#email", ts.therapistEmail, chromedp.ByQuery),
		chromedp.SendKeys("#password", "wrong password!", chromedp.ByQuery),
		clickNav(`form[action="/login"] button[type=submit]`),
		waitFor(".error"),
	)
	if msg := textOf(t, ctx, ".error"); !strings.Contains(msg, "do not match") {
		t.Errorf("wrong password message = %q", msg)
	}
	run(t, ctx,
		chromedp.SendKeys("#password", testPassword, chromedp.ByQuery),
		clickNav(`form[action="/login"] button[type=submit]`),
		waitFor("#count"),
	)
	var loc string
	run(t, ctx, chromedp.Location(&loc))
	if !strings.HasSuffix(loc, "/console/clients") {
		t.Errorf("after sign-in at %s, want the page asked for", loc)
	}

	// An invalid phone number is refused inline and the form keeps its values.
	run(t, ctx,
		clickNav(`a[href="/console/clients/new"]`),
		waitFor("#name"),
		chromedp.SendKeys("#name", `Élodie <script>alert(1)</script> Marchand`, chromedp.ByQuery),
		chromedp.SendKeys("#emails", "Elodie.M@Example.org", chromedp.ByQuery),
		chromedp.SendKeys("#phones", "12", chromedp.ByQuery),
		chromedp.SendKeys("#instagram", "@elodie_m", chromedp.ByQuery),
		clickNav(`#save-client`),
		waitFor(".field-error"),
	)
	if msg := textOf(t, ctx, ".field-error"); !strings.Contains(msg, "Phone number") {
		t.Errorf("phone error = %q", msg)
	}
	var kept string
	run(t, ctx, chromedp.Value("#emails", &kept, chromedp.ByQuery))
	if kept != "Elodie.M@Example.org" {
		t.Errorf("form lost the email: %q", kept)
	}
	run(t, ctx,
		chromedp.SetValue("#phones", "+33 6 12 34 56 78", chromedp.ByQuery),
		clickNav(`#save-client`),
		waitFor("#note"),
	)
	if h1 := textOf(t, ctx, "h1"); h1 != `Élodie <script>alert(1)</script> Marchand` {
		t.Errorf("heading = %q: user markup must show as text", h1)
	}
	ids := textOf(t, ctx, "#identities")
	for _, want := range []string{"elodie.m@example.org", "+33612345678", "elodie_m"} {
		if !strings.Contains(ids, want) {
			t.Errorf("identities %q lack %q", ids, want)
		}
	}

	// An empty note is refused; a real one appears on the timeline.
	run(t, ctx,
		chromedp.SendKeys("#note", "Client asked about following the practice page; we discussed the policy.", chromedp.ByQuery),
		clickNav(`#add-note`),
		waitFor(".flash"),
	)
	if got := textOf(t, ctx, ".timeline .entry-text"); !strings.Contains(got, "following the practice page") {
		t.Errorf("timeline shows %q", got)
	}
	if meta := textOf(t, ctx, ".timeline .meta"); !strings.Contains(meta, "entry 1") {
		t.Errorf("entry meta = %q", meta)
	}

	// The list finds the client by an identity.
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/clients"),
		waitFor("#q"),
		chromedp.SendKeys("#q", "elodie.m@", chromedp.ByQuery),
		clickNav(`form[role=search] button[type=submit]`),
		waitFor("table.list"),
	)
	if c := textOf(t, ctx, "#count"); c != "1 client" {
		t.Errorf("search count = %q", c)
	}
	if row := textOf(t, ctx, "table.list tbody"); !strings.Contains(row, "Marchand") {
		t.Errorf("search row = %q", row)
	}

	// Signing out ends the session.
	run(t, ctx,
		clickNav(`.who button`),
		waitFor("#email"),
		chromedp.Navigate(ts.URL+"/console/clients"),
		waitFor("#email"),
	)
}
