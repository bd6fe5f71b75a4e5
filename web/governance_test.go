package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/postcheck"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/web"
)

// govSite is the test site with the governance services and a clock the
// test moves.
type govSite struct {
	*testSite
	mu  sync.Mutex
	now time.Time
}

func (g *govSite) advance(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now = g.now.Add(d)
}

func newGovSite(t *testing.T) *govSite {
	t.Helper()
	g := &govSite{testSite: newTestSite(t), now: time.Now().UTC()}
	g.Server.Close()
	g.db.Now = func() time.Time { g.mu.Lock(); defer g.mu.Unlock(); return g.now }
	db := g.db
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies(),
		Agenda: db, Alerts: db, Review: db, Governance: db, Consents: db, PostCheck: postcheck.New(), OutboundCheck: storage.OutboundGuard().Check},
		web.Config{Version: "test", PasswordParams: cheap}, log)
	if err != nil {
		t.Fatal(err)
	}
	g.Server = httptest.NewServer(srv.Handler())
	t.Cleanup(g.Server.Close)
	return g
}

// token makes an API token for a staff member by email.
func (g *govSite) token(t *testing.T, email string) (string, framekeeper.Actor) {
	t.Helper()
	st, _, err := g.db.StaffCredentials(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	tok := auth.NewSecret("fk_")
	if _, err := g.db.CreateAPIToken(context.Background(), auth.HashSecret(tok), st.ID); err != nil {
		t.Fatal(err)
	}
	return tok, framekeeper.Actor{StaffID: st.ID, Name: st.Name, Role: st.Role}
}

func (g *govSite) publish(t *testing.T, admin framekeeper.Actor, stance policy.Stance) {
	t.Helper()
	p := policy.Policy{Profile: policy.Profile{PracticeName: "Test Practice"}, Stances: policy.Stances{policy.SearchEngines: stance}}
	if _, err := g.db.Policies().Publish(context.Background(), admin, p, "Search: "+string(stance), g.db.Now()); err != nil {
		t.Fatal(err)
	}
}

func call(t *testing.T, g *govSite, method, path, tok string, body any) (int, map[string]any, []any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, g.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var obj map[string]any
	var arr []any
	if json.Unmarshal(raw, &obj) != nil {
		json.Unmarshal(raw, &arr)
	}
	return resp.StatusCode, obj, arr
}

const apiGrounds = "Last session she said she had a plan to end her life. She missed today's appointment and has not answered three calls or my email."

func TestAPISearchRequests(t *testing.T) {
	g := newGovSite(t)
	adminTok, admin := g.token(t, g.adminEmail)
	therTok, ther := g.token(t, g.therapistEmail)
	deskTok, _ := g.token(t, g.deskEmail)
	g.publish(t, admin, "crisis_only")
	c := &framekeeper.Client{Name: "Robin Rivers", Status: framekeeper.StatusCurrent, TherapistID: ther.StaffID}
	if err := g.db.CreateClient(context.Background(), admin, c); err != nil {
		t.Fatal(err)
	}

	// Missing grounds: 422 naming the field, nothing recorded.
	st, prob, _ := call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "scope": "the client"})
	if st != http.StatusUnprocessableEntity || !strings.Contains(prob["detail"].(string), "crisis") {
		t.Fatalf("no grounds: %d %v", st, prob)
	}
	if errs, _ := prob["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["pointer"] != "#/grounds" {
		t.Fatalf("problem errors %v", prob["errors"])
	}
	if _, _, list := call(t, g, "GET", "/api/v1/search-requests", adminTok, nil); len(list) != 0 {
		t.Fatalf("refused request listed: %v", list)
	}
	if st, _, _ := call(t, g, "POST", "/api/v1/search-requests", deskTok, map[string]string{"client_id": c.ID, "grounds": apiGrounds, "scope": "x"}); st != http.StatusForbidden {
		t.Fatalf("front desk: %d", st)
	}

	st, r, _ := call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "grounds": apiGrounds,
		"scope": "the client and her recent status updates on Facebook"})
	if st != http.StatusCreated || r["decision"] != "allow" || !strings.Contains(toJSON(r["actions"]), "require_documentation") {
		t.Fatalf("crisis request: %d %v", st, r)
	}
	id := r["id"].(string)
	_, _, records := call(t, g, "GET", "/api/v1/clients/"+c.ID+"/records", therTok, nil)
	if last := records[len(records)-1].(map[string]any); last["kind"] != "search_request" || last["hash"] == "" {
		t.Fatalf("chart %v", last)
	}
	_, _, agenda := call(t, g, "GET", "/api/v1/clients/"+c.ID+"/agenda", therTok, nil)
	if len(agenda) != 1 || agenda[0].(map[string]any)["due_at"] == nil {
		t.Fatalf("agenda %v", agenda)
	}

	// After the deadline the supervisor's report shows it overdue.
	g.advance(15 * 24 * time.Hour)
	_, _, late := call(t, g, "GET", "/api/v1/search-requests?overdue=true", adminTok, nil)
	if len(late) != 1 || late[0].(map[string]any)["overdue"] != true {
		t.Fatalf("overdue %v", late)
	}
	st, out, _ := call(t, g, "POST", "/api/v1/search-requests/"+id+"/outcome", therTok, map[string]string{"looked_at": "Her public Facebook profile",
		"found": "A post from this morning at her sister's; she appears safe."})
	if st != http.StatusCreated || out["status"] != "searched" {
		t.Fatalf("outcome %d %v", st, out)
	}
	itemID := agenda[0].(map[string]any)["id"].(string)
	if st, _, _ := call(t, g, "POST", "/api/v1/clients/"+c.ID+"/agenda/"+itemID+"/close", therTok, map[string]string{"note": "Discussed; she was relieved we checked."}); st != http.StatusOK && st != http.StatusCreated {
		t.Fatalf("close agenda: %d", st)
	}
	if _, _, late := call(t, g, "GET", "/api/v1/search-requests?overdue=true", adminTok, nil); len(late) != 0 {
		t.Fatalf("still overdue after discussion: %v", late)
	}

	// Under with_consent_or_crisis a recorded consent suffices.
	g.publish(t, admin, "with_consent_or_crisis")
	if st, _, _ := call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "scope": "LinkedIn"}); st != http.StatusUnprocessableEntity {
		t.Fatalf("no consent yet: %d", st)
	}
	st, prob, _ = call(t, g, "POST", "/api/v1/clients/"+c.ID+"/consents", therTok, map[string]string{"kind": "search"})
	if st != http.StatusBadRequest || !strings.Contains(toJSON(prob["errors"]), "#/scope") {
		t.Fatalf("consent without scope: %d %v", st, prob)
	}
	st, cs, _ := call(t, g, "POST", "/api/v1/clients/"+c.ID+"/consents", therTok, map[string]string{"kind": "search", "scope": "public professional profiles", "given_at": "2025-01-10"})
	if st != http.StatusCreated {
		t.Fatalf("consent %d %v", st, cs)
	}
	st, r, _ = call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "scope": "LinkedIn profile"})
	if st != http.StatusCreated || r["decision"] != "allow" || r["consent_on_file"] != true {
		t.Fatalf("consented search %d %v", st, r)
	}
	if st, _, _ := call(t, g, "POST", "/api/v1/clients/"+c.ID+"/consents/"+cs["id"].(string)+"/revoke", therTok, map[string]string{"note": "withdrawn"}); st != http.StatusOK {
		t.Fatalf("revoke %d", st)
	}
	if st, _, _ := call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "scope": "LinkedIn"}); st != http.StatusUnprocessableEntity {
		t.Fatalf("after revocation: %d", st)
	}
	// Under never: refused, on record.
	g.publish(t, admin, "never")
	if st, r, _ := call(t, g, "POST", "/api/v1/search-requests", therTok, map[string]string{"client_id": c.ID, "grounds": apiGrounds, "scope": "x"}); st != http.StatusCreated || r["decision"] != "deny" {
		t.Fatalf("never: %d %v", st, r)
	}
}

func TestAPIPostChecksAndTemplates(t *testing.T) {
	g := newGovSite(t)
	adminTok, _ := g.token(t, g.adminEmail)
	therTok, _ := g.token(t, g.therapistEmail)
	if st, _, _ := call(t, g, "POST", "/api/v1/post-checks", therTok, map[string]string{"text": "  "}); st != http.StatusBadRequest {
		t.Fatalf("empty draft: %d", st)
	}
	st, res, _ := call(t, g, "POST", "/api/v1/post-checks", therTok, map[string]string{"text": "My clients gave me a rough time today 😩"})
	if st != http.StatusOK || !strings.Contains(toJSON(res["findings"]), "client_reference") {
		t.Fatalf("post check %d %v", st, res)
	}
	if _, res, _ := call(t, g, "POST", "/api/v1/post-checks", therTok, map[string]string{"text": "Now accepting new clients for Tuesday evenings."}); toJSON(res["findings"]) != "[]" {
		t.Fatalf("clean post: %v", res)
	}
	review := map[string]string{"text": "Reminder: your appointment with {practice} is tomorrow. Loved it? Please leave us a review on Google!"}
	st, prob, _ := call(t, g, "PUT", "/api/v1/message-templates/appointment_reminder", adminTok, review)
	if st != http.StatusBadRequest || !strings.Contains(prob["detail"].(string), "testimonial") && !strings.Contains(prob["detail"].(string), "review") {
		t.Fatalf("review reminder: %d %v", st, prob)
	}
	if st, _, _ := call(t, g, "PUT", "/api/v1/message-templates/appointment_reminder", therTok, map[string]string{"text": "See you soon."}); st != http.StatusForbidden {
		t.Fatalf("therapist edit: %d", st)
	}
	if st, _, _ := call(t, g, "PUT", "/api/v1/message-templates/appointment_reminder", adminTok, map[string]string{"text": "See you soon at {practice}."}); st != http.StatusOK {
		t.Fatalf("good reminder: %d", st)
	}
	_, all, _ := call(t, g, "GET", "/api/v1/message-templates", adminTok, nil)
	if !strings.Contains(toJSON(all["templates"]), "See you soon at {practice}.") || strings.Contains(toJSON(all["templates"]), "Google") {
		t.Fatalf("templates %v", all)
	}
	st, sa, _ := call(t, g, "POST", "/api/v1/self-audits", therTok, map[string]any{"items": map[string]bool{"privacy_settings": true}})
	if st != http.StatusBadRequest {
		t.Fatalf("partial self-audit: %d %v", st, sa)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestBrowserGovernance: a draft post is checked with each finding marked
// and explained; a reminder asking for reviews is not saved and the typed
// text stays for correction; a search request without grounds shows the
// reason beside the field; a consent is recorded on the client page.
func TestBrowserGovernance(t *testing.T) {
	g := newGovSite(t)
	_, admin := g.token(t, g.adminEmail)
	g.publish(t, admin, "crisis_only")
	c := &framekeeper.Client{Name: "Robin Rivers", Status: framekeeper.StatusCurrent}
	if err := g.db.CreateClient(context.Background(), admin, c); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	signIn(t, ctx, g.testSite, g.adminEmail)

	run(t, ctx, clickNav(`nav a[href="/console/governance/searches"]`), waitFor("#search-form"),
		clickNav(`nav.subnav a[href="/console/governance/post-check"]`), waitFor("#draft"),
		chromedp.SendKeys("#draft", "Ugh, my clients gave me a rough time today. Please leave us a review on Yelp!", chromedp.ByQuery),
		clickNav("#check-post"), waitFor("#findings"))
	var rules []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#findings li")].map(e => e.dataset.rule)`, &rules))
	if !strings.Contains(strings.Join(rules, ","), "client_reference") || !strings.Contains(strings.Join(rules, ","), "testimonial_solicitation") {
		t.Fatalf("findings %v", rules)
	}
	if marked := textOf(t, ctx, "#draft-view mark.finding"); marked == "" {
		t.Fatal("nothing highlighted")
	}

	run(t, ctx, clickNav(`nav.subnav a[href="/console/governance/templates"]`), waitFor("#text-appointment_reminder"),
		setValue("#text-appointment_reminder", ""),
		chromedp.SendKeys("#text-appointment_reminder", "See you Tuesday! Please rate us on Google.", chromedp.ByQuery),
		clickNav("#save-appointment_reminder"), waitFor("#err-appointment_reminder"))
	if msg := textOf(t, ctx, "p.error"); !strings.Contains(msg, "Not saved") {
		t.Fatalf("template error %q", msg)
	}
	var kept string
	run(t, ctx, chromedp.Value("#text-appointment_reminder", &kept, chromedp.ByQuery))
	if !strings.Contains(kept, "rate us") {
		t.Fatalf("typed text lost: %q", kept)
	}
	if ts, _, _ := g.db.Templates(context.Background()); strings.Contains(toJSON(ts), "rate us") {
		t.Fatal("refused template was stored")
	}

	run(t, ctx, clickNav(`nav.subnav a[href="/console/governance/searches"]`), waitFor("#sr-client"),
		setValue("#sr-client", c.ID),
		chromedp.Click(`input[name=target][value="the client"]`, chromedp.ByQuery),
		clickNav("#request-search"), waitFor("#sr-grounds-error"))
	if msg := textOf(t, ctx, "#sr-grounds-error"); !strings.Contains(msg, "in danger") {
		t.Fatalf("grounds error %q", msg)
	}
	run(t, ctx, chromedp.SendKeys("#sr-grounds", apiGrounds, chromedp.ByQuery),
		clickNav("#request-search"), waitFor("#decision"))
	if d := textOf(t, ctx, "#decision"); d != "allow" {
		t.Fatalf("decision %q", d)
	}

	run(t, ctx, chromedp.Navigate(g.URL+"/console/clients/"+c.ID), waitFor("#consent-form"),
		setValue("#consent-kind", "texting"),
		setValue("#consent-granted", "no"),
		clickNav("#add-consent"), waitFor("#consent-scope-error"))
	run(t, ctx, chromedp.SendKeys("#consent-scope", "No texts, please", chromedp.ByQuery),
		setValue("#consent-kind", "texting"),
		setValue("#consent-granted", "no"),
		clickNav("#add-consent"), waitFor("#consent-list"))
	if row := textOf(t, ctx, "#consent-list tbody tr"); !strings.Contains(row, "refused") || !strings.Contains(row, "No texts") {
		t.Fatalf("consent row %q", row)
	}
	if ic, _ := g.db.IntakeConsents(context.Background(), c.ID); ic.Texting {
		t.Fatal("refusal did not reach triage")
	}
}

// setValue sets a form control's value from JavaScript.
func setValue(sel, v string) chromedp.Action {
	var ok bool
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = %q; return true; })()`, sel, v), &ok)
}
