package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium (Debian's /usr/bin/chromium, or
// FRAMEKEEPER_CHROMIUM) for one test, or skips when it is not installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("FRAMEKEEPER_CHROMIUM")
	if path == "" {
		for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		}
	}
	if path == "" {
		t.Skip("browser tests need Chromium: apt-get install -y chromium (or set FRAMEKEEPER_CHROMIUM); .ci/run installs it")
	}
	// Chromium may still write to its profile as it exits, so the directory
	// is removed leniently rather than with t.TempDir.
	profile, err := os.MkdirTemp("", "framekeeper-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		// The machine has no outside network: keep Chromium from trying.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc(); os.RemoveAll(profile) })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// waitFor polls until an element matching the CSS selector is on the page.
// Polling with Evaluate keeps working across the navigations that form
// submissions cause, where a DOM query can be left waiting on the old page.
func waitFor(sel string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		js := fmt.Sprintf("(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null; })()", sel)
		for {
			var ok bool
			if err := chromedp.Evaluate(js, &ok).Do(ctx); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// clickNav clicks an element that loads a new page (a link, a submit
// button) and waits until the new document has loaded. The click is
// scheduled from JavaScript so that no DevTools call is left holding a node
// of the page being replaced, and a marker on the old window tells the new
// document apart from it.
func clickNav(sel string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; window.__fkOld = true; setTimeout(() => e.click(), 0); return true; })()`, sel)
		var ok bool
		if err := chromedp.Evaluate(js, &ok).Do(ctx); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("nothing matches %s", sel)
		}
		for {
			var loaded bool
			err := chromedp.Evaluate(`!window.__fkOld && document.readyState === "complete"`, &loaded).Do(ctx)
			if err == nil && loaded {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for the page after clicking %s: %w", sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// run runs browser actions, failing the test with the page's text on error.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var body string
		chromedp.Run(ctx, chromedp.Text("body", &body, chromedp.ByQuery))
		t.Fatalf("browser: %v\npage text:\n%s", err, body)
	}
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
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
