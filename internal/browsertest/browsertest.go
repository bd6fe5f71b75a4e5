// Package browsertest drives Debian's Chromium from Go tests with chromedp:
// it starts a headless browser for one test (or skips the test with a clear
// message when Chromium is absent) and provides the few actions the page
// tests need, written so they ride out the navigations that form
// submissions cause.
package browsertest

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

// Option changes how the browser starts.
type Option = chromedp.ExecAllocatorOption

// Phone is a phone-sized viewport.
var Phone = chromedp.WindowSize(390, 844)

// New starts headless Chromium (FRAMEKEEPER_CHROMIUM, or Debian's
// /usr/bin/chromium) for one test and stops it when the test ends.
func New(t testing.TB, opts ...Option) context.Context {
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
	all := append(chromedp.DefaultExecAllocatorOptions[:],
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
	all = append(all, opts...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), all...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		removeProfile(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// removeProfile deletes Chromium's profile directory. The browser has
// exited, but a helper process of its may still write a file or two there
// as it goes (a "Network Persistent State" was left behind after each test
// run), so the directory is removed again until it stays gone.
func removeProfile(dir string) {
	for range 20 {
		os.RemoveAll(dir)
		time.Sleep(50 * time.Millisecond)
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return
		}
	}
}

// poll evaluates a boolean expression until it is true, ignoring errors
// from a page that is being replaced.
func poll(ctx context.Context, expr, what string) error {
	for {
		var ok bool
		if err := chromedp.Evaluate(expr, &ok).Do(ctx); err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// WaitFor waits until an element matching the CSS selector is visible.
func WaitFor(sel string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		return poll(ctx, fmt.Sprintf("(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null; })()", sel), sel)
	})
}

// WaitJS waits until a JavaScript expression is true.
func WaitJS(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error { return poll(ctx, expr, expr) })
}

// ClickNav clicks an element that loads a new page (a link, a submit
// button) and waits until the new document has loaded. The click is
// scheduled from JavaScript so that no DevTools call is left holding a node
// of the page being replaced, and a marker on the old window tells the new
// document apart from it.
func ClickNav(sel string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; window.__fkOld = true; setTimeout(() => e.click(), 0); return true; })()`, sel)
		var ok bool
		if err := chromedp.Evaluate(js, &ok).Do(ctx); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("nothing matches %s", sel)
		}
		return poll(ctx, `!window.__fkOld && document.readyState === "complete"`, "the page after clicking "+sel)
	})
}

// SetValue sets a form field's value from script, as typing would.
func SetValue(sel, value string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var ok bool
		js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = %q; return true; })()`, sel, value)
		if err := chromedp.Evaluate(js, &ok).Do(ctx); err != nil || !ok {
			return fmt.Errorf("set %s: %v", sel, err)
		}
		return nil
	})
}

// Run runs actions, failing the test with the page's text on error.
func Run(t testing.TB, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var body string
		chromedp.Run(ctx, chromedp.Text("body", &body, chromedp.ByQuery))
		t.Fatalf("browser: %v\npage text:\n%s", err, body)
	}
}

// Text returns the trimmed text of the first element matching sel.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	Run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}
