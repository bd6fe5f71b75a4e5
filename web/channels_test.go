package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/web"
)

func (hs *hookSite) token(t *testing.T) string {
	t.Helper()
	tok := auth.NewSecret("fk_")
	if _, err := hs.db.CreateAPIToken(context.Background(), auth.HashSecret(tok), hs.admin.StaffID); err != nil {
		t.Fatal(err)
	}
	return tok
}

// signIn returns a client with the admin's session.
func (hs *hookSite) signIn(t *testing.T) *http.Client {
	t.Helper()
	ts := &testSite{Server: hs.Server, db: hs.db}
	c := ts.browserless(t)
	if res := ts.login(t, c, "admin@example.org", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	return c
}

func upload(t *testing.T, c *http.Client, url string, fields map[string]string, name string, file []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", url, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestReviewImport(t *testing.T) {
	hs := newHookSite(t, "sqlite", web.ChannelConfig{})
	csv := "author,date,rating,text\nJordan P.,2025-05-01,5,Kind and patient.\nA. Smith,2025-05-03,1,Never called me back.\n"
	tok := hs.token(t)
	post := func(body, ct string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", hs.URL+"/api/v1/reviews/import?site=Yelp", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", ct)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	code, out := post(csv, "text/csv")
	if code != 200 || out["imported"] != float64(2) {
		t.Fatalf("import: %d %v", code, out)
	}
	for _, r := range out["reviews"].([]any) {
		rv := r.(map[string]any)
		if rv["never_answered"] != true {
			t.Errorf("review decision under the comprehensive template: %v", rv)
		}
	}
	if code, out := post(csv, "text/csv"); code != 200 || out["duplicates"] != float64(2) || out["imported"] != float64(0) {
		t.Errorf("second import: %d %v", code, out)
	}
	if code, _ := post("author,text\nLee,\n", "text/csv"); code != 400 {
		t.Errorf("bad file: %d, want 400", code)
	}
	if n := hs.count(t); n != 2 {
		t.Errorf("%d interactions, want 2", n)
	}

	// The console says plainly that reviews are never answered.
	c := hs.signIn(t)
	code, body := upload(t, c, hs.URL+"/console/reviews", map[string]string{"site": "Google", "author": "Lee", "text": "Great therapist."}, "", nil)
	if code != 200 || !strings.Contains(body, "Never respond to this review") {
		t.Errorf("manual review: %d", code)
	}
}

func TestAuditUploadAndChannelsPage(t *testing.T) {
	hs := newHookSite(t, "sqlite", web.ChannelConfig{TwilioAuthToken: "abcdefghijkl1234", MetaAppSecret: "meta-secret-9876"})
	ctx := context.Background()
	cl := framekeeper.Client{Name: "Sam Lee", Status: framekeeper.StatusFormer}
	if err := hs.db.CreateClient(ctx, hs.admin, &cl); err != nil {
		t.Fatal(err)
	}
	c := hs.signIn(t)
	data, err := os.ReadFile("../intake/exports/testdata/your_friends.json")
	if err != nil {
		t.Fatal(err)
	}
	code, body := upload(t, c, hs.URL+"/console/audit", map[string]string{"platform": "facebook", "owner": "admin@example.org"}, "your_friends.json", data)
	if code != 200 || !strings.Contains(body, "Sam Lee") || !strings.Contains(body, "Therapist connected to client") {
		t.Fatalf("audit: %d %s", code, body)
	}
	if !strings.Contains(body, string(policy.AccidentalConnections)) {
		t.Errorf("the report does not say which clause decided")
	}
	// A wrong platform is a form error, nothing recorded beyond the first.
	n := hs.count(t)
	if code, _ := upload(t, c, hs.URL+"/console/audit", map[string]string{"platform": "x", "owner": "practice"}, "your_friends.json", data); code != 400 {
		t.Errorf("wrong platform: %d", code)
	}
	if hs.count(t) != n {
		t.Error("a refused audit stored interactions")
	}

	res, err := c.Get(hs.URL + "/console/channels")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(b)
	if res.StatusCode != 200 || !strings.Contains(page, "••••1234") || strings.Contains(page, "abcdefghijkl1234") || strings.Contains(page, "meta-secret") {
		t.Errorf("channels page shows secrets or fails: %d", res.StatusCode)
	}
}
