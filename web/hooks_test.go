package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/meta"
	"github.com/framekeeper/framekeeper/intake/twilio"
	"github.com/framekeeper/framekeeper/intake/xapi"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/web"
)

const publicURL = "https://practice.example"

type hookSite struct {
	*httptest.Server
	db    *storage.DB
	admin framekeeper.Actor
	log   *strings.Builder
}

// newHookSite serves a practice whose policy does not use texts and sends a
// redirect reply, with webhook secrets set.
func newHookSite(t *testing.T, engine string, ch web.ChannelConfig) *hookSite {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, engine)
	hash, _ := auth.HashPassword(testPassword, cheap)
	st := &framekeeper.Staff{Name: "Ada Admin", Email: "admin@example.org", Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Test Practice", st, hash); err != nil {
		t.Fatal(err)
	}
	admin := framekeeper.Actor{StaffID: st.ID, Name: st.Name, Role: st.Role}
	tmpl, _ := policy.TemplateByID(policy.TemplateComprehensive)
	p := tmpl.Policy.Clone()
	p.Stances[policy.Texting] = "not_used"
	if _, err := db.Policies().Publish(ctx, admin, p, "Texts are not used.", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSetting(ctx, admin, "triage", intake.Settings{RedirectReplies: true}); err != nil {
		t.Fatal(err)
	}
	c := framekeeper.Client{Name: "Sam Client", Status: framekeeper.StatusCurrent, Identities: []framekeeper.Identity{{Kind: framekeeper.IdentityPhone, Value: "+14155550123"}}}
	if err := db.CreateClient(ctx, admin, &c); err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	pl := &intake.Pipeline{Store: db, Context: storage.TriageContext{DB: db, PublicURL: publicURL},
		Resolve: resolve.NewResolver(db.Roster()).Resolve, Detector: detect.Default(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Workers: 1}
	srv, err := web.New(web.Services{Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies(),
		Intake: pl, Interactions: db, Agenda: db, Alerts: db, Review: db, Channels: db,
		AuditResolve: resolve.NewResolver(db.Roster()).Resolve},
		web.Config{Version: "test", PasswordParams: cheap, PublicURL: publicURL, Channels: ch}, log)
	if err != nil {
		t.Fatal(err)
	}
	hs := &hookSite{Server: httptest.NewServer(srv.Handler()), db: db, admin: admin, log: logs}
	t.Cleanup(hs.Close)
	return hs
}

func (hs *hookSite) count(t *testing.T) int {
	t.Helper()
	_, n, err := hs.db.FindInteractions(context.Background(), hs.admin, intake.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (hs *hookSite) post(t *testing.T, path, contentType string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	res, b := hs.do(t, path, contentType, body, header)
	return res.StatusCode, b
}

// do posts and returns the response (its body read and closed) and body.
func (hs *hookSite) do(t *testing.T, path, contentType string, body []byte, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", hs.URL+path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Twilio's documented example (Security, "Validating Signatures"), as a
// proxy would deliver it to the SMS route.
func TestTwilioDocumentedVectorThroughHandler(t *testing.T) {
	hs := newHookSite(t, "sqlite", web.ChannelConfig{TwilioAuthToken: "12345", TwilioURL: "https://mycompany.com/myapp.php?foo=1&bar=2"})
	form := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+14158675309"}, "Digits": {"1234"}, "From": {"+14158675309"}, "To": {"+18005551212"}}
	const sig = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
	// The signature holds; the form is a voice call, not a text, so it is
	// refused as malformed (400), not as forged (403).
	if code, _ := hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), map[string]string{"X-Twilio-Signature": sig}); code != http.StatusBadRequest {
		t.Errorf("documented vector: %d, want 400 (signature valid, not an SMS)", code)
	}
	form.Set("Digits", "1235") // one character changed
	if code, _ := hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), map[string]string{"X-Twilio-Signature": sig}); code != http.StatusForbidden {
		t.Errorf("changed form: %d, want 403", code)
	}
	form.Set("Digits", "1234")
	if code, _ := hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), map[string]string{"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8"}); code != http.StatusForbidden {
		t.Errorf("changed signature: %d, want 403", code)
	}
	if code, _ := hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), nil); code != http.StatusUnauthorized {
		t.Errorf("no signature: %d, want 401", code)
	}
	if n := hs.count(t); n != 0 {
		t.Errorf("%d interactions stored", n)
	}
	if n := strings.Count(hs.log.String(), "Webhook signature rejected"); n != 1 {
		t.Errorf("%d log lines for three rejections in a minute, want 1", n)
	}
}

func TestTwilioSMSReplyInTwiML(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			const token = "twilio-token"
			hs := newHookSite(t, engine, web.ChannelConfig{TwilioAuthToken: token})
			form := url.Values{"MessageSid": {"SM0001"}, "From": {"+14155550123"}, "To": {"+14155550100"}, "Body": {"Can we move Thursday?"}, "NumMedia": {"0"}}
			sig := twilio.Signature(token, publicURL+"/hooks/twilio/sms", form)
			res, body := hs.do(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), map[string]string{"X-Twilio-Signature": sig})
			code := res.StatusCode
			if code != 200 || !strings.Contains(body, "<Response><Message>") {
				t.Fatalf("answer %d %s", code, body)
			}
			// The answer is complete when flushed, before the reply is
			// marked sent: its length is declared, not chunked.
			if res.ContentLength != int64(len(body)) || len(res.TransferEncoding) != 0 {
				t.Errorf("answer sent with Content-Length %d, Transfer-Encoding %v; want the length of its %d bytes", res.ContentLength, res.TransferEncoding, len(body))
			}
			list, _, _ := hs.db.FindInteractions(context.Background(), hs.admin, intake.Filter{Limit: 5})
			if len(list) != 1 || list[0].Decision == nil {
				t.Fatalf("stored %d", len(list))
			}
			// The reply is marked sent just after the answer goes out.
			var out []framekeeper.OutboxMessage
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				out, _ = hs.db.FindOutbox(context.Background(), list[0].ID, 5)
				if len(out) != 1 || out[0].Status != framekeeper.OutboxSending || time.Now().After(deadline) {
					break
				}
			}
			if len(out) != 1 || out[0].Status != framekeeper.OutboxSent || out[0].Kind != "sms" || out[0].Attempts != 1 {
				t.Fatalf("outbox %+v", out)
			}
			// Twilio retries with the same MessageSid: stored once, and the
			// reply is not sent twice.
			code, body = hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(form.Encode()), map[string]string{"X-Twilio-Signature": sig})
			if code != 200 || !strings.Contains(body, "<Response/>") {
				t.Errorf("redelivery: %d %s", code, body)
			}
			if n := hs.count(t); n != 1 {
				t.Errorf("%d interactions after redelivery", n)
			}
			// Oversized body: 413, nothing stored.
			big := url.Values{"MessageSid": {"SM0002"}, "From": {"+1"}, "Body": {strings.Repeat("x", 2<<20)}}
			if code, _ := hs.post(t, "/hooks/twilio/sms", "application/x-www-form-urlencoded", []byte(big.Encode()), map[string]string{"X-Twilio-Signature": "x"}); code != http.StatusRequestEntityTooLarge {
				t.Errorf("oversized: %d, want 413", code)
			}
			if n := hs.count(t); n != 1 {
				t.Errorf("%d interactions after oversized", n)
			}
		})
	}
}

func TestMetaHandshakeAndSignature(t *testing.T) {
	const secret, verify = "meta-app-secret", "meta-verify-token"
	hs := newHookSite(t, "sqlite", web.ChannelConfig{MetaAppSecret: secret, MetaVerifyToken: verify})
	get := func(q string) (int, string) {
		res, err := http.Get(hs.URL + "/hooks/meta?" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("hub.mode=subscribe&hub.verify_token=" + verify + "&hub.challenge=1158201444"); code != 200 || body != "1158201444" {
		t.Errorf("handshake: %d %q", code, body)
	}
	if code, _ := get("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444"); code != http.StatusForbidden {
		t.Errorf("wrong verify token: %d", code)
	}
	body, err := os.ReadFile("../intake/meta/testdata/page_messaging.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := meta.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(strings.Replace(string(body), "new clients", "new client!", 1))
	if code, _ := hs.post(t, "/hooks/meta", "application/json", bad, map[string]string{meta.SignatureHeader: meta.Sign(secret, body)}); code != http.StatusForbidden {
		t.Errorf("altered body: %d, want 403", code)
	}
	if code, _ := hs.post(t, "/hooks/meta", "application/json", body, nil); code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d, want 401", code)
	}
	malformed := []byte(`{"object": "page", "entry": [`)
	if code, _ := hs.post(t, "/hooks/meta", "application/json", malformed, map[string]string{meta.SignatureHeader: meta.Sign(secret, malformed)}); code != http.StatusBadRequest {
		t.Errorf("malformed: %d, want 400", code)
	}
	if n := hs.count(t); n != 0 {
		t.Fatalf("%d interactions stored from bad deliveries", n)
	}
	for i := 0; i < 2; i++ { // a redelivery adds nothing
		if code, resp := hs.post(t, "/hooks/meta", "application/json", body, map[string]string{meta.SignatureHeader: meta.Sign(secret, body)}); code != 200 {
			t.Fatalf("signed delivery: %d %s", code, resp)
		}
	}
	if n := hs.count(t); n != len(want.Interactions) || n == 0 {
		t.Errorf("%d interactions, want %d", n, len(want.Interactions))
	}
	ev, err := hs.db.IgnoredEvents(context.Background(), hs.admin, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Ignored) > 0 && len(ev) == 0 {
		t.Errorf("ignored events not kept: want %d per delivery", len(want.Ignored))
	}
}

// An entry that intake refuses (here a message id over 500 characters) is
// kept as an ignored event, and the messages after it in the same delivery
// are still taken in: answered with an error, Meta would redeliver the
// whole batch, fail on the same entry each time, and the crisis message
// after it would never arrive.
func TestMetaDeliveryOutlivesARefusedEntry(t *testing.T) {
	const secret = "meta-app-secret"
	hs := newHookSite(t, "sqlite", web.ChannelConfig{MetaAppSecret: secret, MetaVerifyToken: "v"})
	msg := func(mid, text string) string {
		return `{"sender": {"id": "7362819405512384"}, "recipient": {"id": "104857392817465"}, "timestamp": 1718035199876,
			"message": {"mid": "` + mid + `", "text": "` + text + `"}}`
	}
	body := []byte(`{"object": "page", "entry": [{"id": "104857392817465", "time": 1718035200123, "messaging": [` +
		msg("m_"+strings.Repeat("x", 600), "Is there parking?") + `,` +
		msg("m_after", "I want to kill myself tonight, I have the pills ready.") + `]}]}`)
	code, resp := hs.post(t, "/hooks/meta", "application/json", body, map[string]string{meta.SignatureHeader: meta.Sign(secret, body)})
	if code != http.StatusOK {
		t.Fatalf("delivery: %d %s, want 200", code, resp)
	}
	crisis := true
	got, n, err := hs.db.FindInteractions(context.Background(), hs.admin, intake.Filter{Crisis: &crisis, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || got[0].Input.ID != "m_after" {
		t.Fatalf("crisis interactions %d (%+v), want the message after the refused one", n, got)
	}
	if all := hs.count(t); all != 1 {
		t.Errorf("%d interactions stored, want 1", all)
	}
	ev, err := hs.db.IgnoredEvents(context.Background(), hs.admin, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || !strings.Contains(ev[0].Reason, "refused by intake") || !strings.HasPrefix(ev[0].ExternalID, "m_xxx") {
		t.Errorf("ignored events %+v, want the refused entry with its reason", ev)
	}
}

func TestXCRCAndSignature(t *testing.T) {
	const secret = "x-consumer-secret"
	hs := newHookSite(t, "sqlite", web.ChannelConfig{XConsumerSecret: secret})
	res, err := http.Get(hs.URL + "/hooks/x?crc_token=challenge123")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), xapi.CRCResponse(secret, "challenge123")) {
		t.Errorf("CRC: %d %s", res.StatusCode, b)
	}
	body, err := os.ReadFile("../intake/xapi/testdata/follow_events.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := xapi.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := hs.post(t, "/hooks/x", "application/json", body, map[string]string{xapi.SignatureHeader: xapi.Sign("other-secret", body)}); code != http.StatusForbidden {
		t.Errorf("wrong key: %d, want 403", code)
	}
	if n := hs.count(t); n != 0 {
		t.Fatalf("%d stored from a forged delivery", n)
	}
	if code, _ := hs.post(t, "/hooks/x", "application/json", body, map[string]string{xapi.SignatureHeader: xapi.Sign(secret, body)}); code != 200 {
		t.Fatalf("signed: %d", code)
	}
	if n := hs.count(t); n != len(want.Interactions) || n == 0 {
		t.Errorf("%d interactions, want %d", n, len(want.Interactions))
	}
	// A channel without its secret is not there at all.
	off := newHookSite(t, "sqlite", web.ChannelConfig{})
	if code, _ := off.post(t, "/hooks/x", "application/json", body, map[string]string{xapi.SignatureHeader: xapi.Sign(secret, body)}); code != http.StatusNotFound {
		t.Errorf("unconfigured: %d, want 404", code)
	}
}
