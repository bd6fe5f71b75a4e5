package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/framekeeper/framekeeper/internal/browsertest"
)

func waitJS(expr string) chromedp.Action { return browsertest.WaitJS(expr) }

// signIn opens the console as the given staff member.
func signIn(t *testing.T, ctx context.Context, ts *testSite, email string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/login"),
		waitFor("#email"),
		chromedp.SendKeys("#email", email, chromedp.ByQuery),
		chromedp.SendKeys("#password", testPassword, chromedp.ByQuery),
		clickNav(`form[action="/login"] button[type=submit]`),
		waitFor(".cards"),
	)
}

// TestBrowserPolicyEditor picks a template, changes a stance and sees the
// live preview follow, is refused a publication without a summary, publishes
// versions 1 and 2, compares them, and imports a prose policy for review.
func TestBrowserPolicyEditor(t *testing.T) {
	ts := newTestSite(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ts, ts.adminEmail)

	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/policy"),
		waitFor("#policy-form"),
		chromedp.SetValue("#template", "university", chromedp.ByQuery),
		clickNav(`form[action="/console/policy/template"] button`),
		waitFor(".flash"),
	)
	if st := textOf(t, ctx, "#policy-status"); !strings.Contains(st, "No version is published") {
		t.Errorf("status = %q", st)
	}
	// Seed 000 does not use texts; switch to administrative texts and watch
	// the preview change without saving.
	var before string
	run(t, ctx, chromedp.Text("#preview .document", &before, chromedp.ByQuery))
	run(t, ctx,
		chromedp.Click(`input[name="stance_texting"][value="administrative_only"]`, chromedp.ByQuery),
		waitJS(`document.querySelector("#preview .document").innerText.includes("practical matters")`),
	)
	if strings.Contains(before, "practical matters") {
		t.Error("preview said it before the change")
	}
	if g := textOf(t, ctx, "#preview .grades"); !strings.Contains(g, "Text messages") {
		t.Errorf("grades table lacks the texting section: %q", g)
	}

	// Publishing without a summary is refused inline; nothing is published.
	run(t, ctx,
		chromedp.SetValue("#practice_name", "Zoë's Lakeside Practice", chromedp.ByQuery),
		clickNav("#publish-button"),
		waitFor("#summary-error"),
	)
	if st := textOf(t, ctx, "#policy-status"); !strings.Contains(st, "No version is published") {
		t.Errorf("after refused publish: %q", st)
	}
	var kept string
	run(t, ctx, chromedp.Value("#practice_name", &kept, chromedp.ByQuery))
	if kept != "Zoë's Lakeside Practice" {
		t.Errorf("form lost its input: %q", kept)
	}
	run(t, ctx,
		chromedp.Click(`input[name="stance_texting"][value="administrative_only"]`, chromedp.ByQuery),
		chromedp.SendKeys("#summary", "Our first published policy.", chromedp.ByQuery),
		clickNav("#publish-button"),
		waitFor(".flash"),
	)
	if f := textOf(t, ctx, ".flash"); !strings.Contains(f, "Version 1 is published") {
		t.Fatalf("flash = %q", f)
	}
	run(t, ctx,
		chromedp.Click(`input[name="stance_email"][value="administrative_only"]`, chromedp.ByQuery),
		chromedp.SendKeys("#summary", "Email is now for scheduling.", chromedp.ByQuery),
		clickNav("#publish-button"),
		waitFor(".flash"),
	)
	if f := textOf(t, ctx, ".flash"); !strings.Contains(f, "Version 2 is published") {
		t.Fatalf("flash = %q", f)
	}
	run(t, ctx,
		chromedp.SetValue("#from", "1", chromedp.ByQuery),
		chromedp.SetValue("#to", "2", chromedp.ByQuery),
		clickNav(`form[action="/console/policy/compare"] button`),
		waitFor(".change"),
	)
	if c := textOf(t, ctx, "main"); !strings.Contains(c, "Email") || !strings.Contains(c, "version 1") {
		t.Errorf("compare page = %q", c)
	}

	// Import: the editor fills with what the text says, with evidence.
	dir := t.TempDir()
	file := filepath.Join(dir, "our-policy.md")
	os.WriteFile(file, []byte("# Our social media policy\n\nI do not accept friend or contact requests from current or former clients on any social networking site.\n\nPlease do not use SMS (text messaging) to contact me. I will not respond to texts.\n"), 0o644)
	run(t, ctx,
		chromedp.Navigate(ts.URL+"/console/policy"),
		waitFor("#file"),
		chromedp.SetUploadFiles("#file", []string{file}, chromedp.ByQuery),
		clickNav("#import"),
		waitFor(".evidence"),
	)
	var friending, texting bool
	run(t, ctx,
		chromedp.Evaluate(`document.querySelector('input[name="stance_friending"][value="decline"]').checked`, &friending),
		chromedp.Evaluate(`document.querySelector('input[name="stance_texting"][value="not_used"]').checked`, &texting),
	)
	if !friending || !texting {
		t.Errorf("import set friending decline %v, texting not_used %v", friending, texting)
	}
	if ev := textOf(t, ctx, "#clause-friending .evidence"); !strings.Contains(ev, "friend or contact requests") {
		t.Errorf("evidence = %q", ev)
	}
}

// TestBrowserPolicyEditorRoles: a therapist may read the policy editor but
// has no save or publish controls.
func TestBrowserPolicyEditorRoles(t *testing.T) {
	ts := newTestSite(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ts, ts.therapistEmail)
	run(t, ctx, chromedp.Navigate(ts.URL+"/console/policy"), waitFor("#policy-form"))
	var n int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("#save-draft, #publish-button, #import").length`, &n))
	if n != 0 {
		t.Errorf("therapist sees %d editing controls", n)
	}
}
