package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/framekeeper/framekeeper"
)

// TestBrowserInbox: a crisis message shows as a banner on every page and
// first in the inbox until acknowledged; a friend request logged by hand
// from a name-only match waits for confirmation, then lands on the client's
// agenda, which the therapist closes with a note that goes into the chart.
func TestBrowserInbox(t *testing.T) {
	ts := newTestSite(t)
	ctx := context.Background()
	admin, _, err := ts.db.StaffCredentials(ctx, ts.adminEmail)
	if err != nil {
		t.Fatal(err)
	}
	c := &framekeeper.Client{Name: "Mateo Quiñones", Status: "current", Identities: []framekeeper.Identity{{Kind: "phone", Value: "+1 415 555 0177"}}}
	if err := ts.db.CreateClient(ctx, framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}, c); err != nil {
		t.Fatal(err)
	}
	bctx := newBrowser(t)
	signIn(t, bctx, ts, ts.adminEmail)

	// A crisis by SMS from an unknown number, logged through the form.
	run(t, bctx,
		chromedp.Navigate(ts.URL+"/console/inbox"),
		waitFor("#log-form"),
		chromedp.SetValue("#kind", "sms", chromedp.ByQuery),
		chromedp.SetValue("#channel", "sms", chromedp.ByQuery),
		chromedp.SendKeys("#from_phone", "+1 212 555 0199", chromedp.ByQuery),
		chromedp.SendKeys("#text", "I wrote letters to everyone. I won't be here tomorrow.", chromedp.ByQuery),
		clickNav("#log-submit"),
		waitFor("#explanation"),
	)
	if b := textOf(t, bctx, ".crisis-banner"); !strings.Contains(b, "signs of a crisis") {
		t.Errorf("banner = %q", b)
	}
	if e := textOf(t, bctx, "#explanation"); !strings.Contains(e, "alerted") {
		t.Errorf("explanation = %q", e)
	}
	// The banner is on every console page.
	run(t, bctx, chromedp.Navigate(ts.URL+"/console/clients"), waitFor("#count"))
	if b := textOf(t, bctx, ".crisis-banner"); !strings.Contains(b, "crisis") {
		t.Error("no crisis banner on the client list")
	}

	// A friend request from "Mateo Quinones" by name only.
	run(t, bctx,
		chromedp.Navigate(ts.URL+"/console/inbox"),
		waitFor("#log-form"),
		chromedp.SetValue("#kind", "friend_request", chromedp.ByQuery),
		chromedp.SetValue("#channel", "facebook", chromedp.ByQuery),
		chromedp.SendKeys("#from_name", "Mateo Quinones", chromedp.ByQuery),
		clickNav("#log-submit"),
		waitFor("#confirm"),
	)
	if s := textOf(t, bctx, "#sender"); !strings.Contains(s, "Mateo Quiñones") || !strings.Contains(s, "confirm") {
		t.Errorf("sender = %q", s)
	}
	ag, _ := ts.db.FindAgenda(ctx, framekeeper.Actor{Role: framekeeper.RoleAdmin}, c.ID, false)
	if len(ag) != 0 {
		t.Fatalf("agenda before confirmation: %+v", ag)
	}
	run(t, bctx, clickNav("#confirm-sender"), waitFor(".flash"))

	// The inbox lists the crisis first.
	run(t, bctx, chromedp.Navigate(ts.URL+"/console/inbox"), waitFor("table.inbox"))
	if first := textOf(t, bctx, "table.inbox tbody tr"); !strings.Contains(first, "crisis") {
		t.Errorf("first inbox row = %q, want the crisis", first)
	}
	// Acknowledge it: the banner goes.
	run(t, bctx, clickNav(".crisis-banner button.ack"), waitFor("table.inbox"))
	var banners int
	run(t, bctx, chromedp.Evaluate(`document.querySelectorAll(".crisis-banner").length`, &banners))
	if banners != 0 {
		t.Error("banner still shown after acknowledging")
	}

	// The agenda item is on the client page; close it in session.
	run(t, bctx,
		chromedp.Navigate(ts.URL+"/console/clients/"+c.ID),
		waitFor(".agenda-item"),
	)
	if a := textOf(t, bctx, ".agenda-item"); !strings.Contains(strings.ToLower(a), "friend request") {
		t.Errorf("agenda item = %q", a)
	}
	run(t, bctx,
		chromedp.SendKeys(".agenda-item input[name=note]", "We talked about the friend request and the policy.", chromedp.ByQuery),
		clickNav(".agenda-item button"),
		waitFor(".flash"),
	)
	if tl := textOf(t, bctx, ".timeline"); !strings.Contains(tl, "Discussed in session") {
		t.Errorf("chart after closing = %q", tl)
	}
}

// TestBrowserOnCall sets the rota in the console.
func TestBrowserOnCall(t *testing.T) {
	ts := newTestSite(t)
	bctx := newBrowser(t)
	signIn(t, bctx, ts, ts.adminEmail)
	run(t, bctx, chromedp.Navigate(ts.URL+"/console/oncall"), waitFor("#save-rota"))
	var ids []string
	run(t, bctx, chromedp.Evaluate(`[...document.querySelectorAll("input[name^=pos_]")].map(e => e.id)`, &ids))
	if len(ids) < 2 {
		t.Fatalf("rota options = %v", ids)
	}
	run(t, bctx,
		chromedp.SendKeys("#"+ids[1], "1", chromedp.ByQuery),
		chromedp.SendKeys("#"+ids[0], "2", chromedp.ByQuery),
		clickNav("#save-rota"),
		waitFor(".flash"),
	)
	rota, err := ts.db.OnCall(context.Background())
	if err != nil || len(rota) != 2 || "pos-"+rota[0].ID != ids[1] {
		t.Errorf("rota = %+v, %v", rota, err)
	}
}
