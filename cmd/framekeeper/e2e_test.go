package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// runCmd runs a subcommand in-process and returns its stdout, stderr and
// exit code.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

// startServer runs the app on a free port against dbURL until the test ends.
func startServer(t *testing.T, dbURL string) string {
	t.Helper()
	cfg := defaultConfig()
	cfg.DB, cfg.Addr = dbURL, "127.0.0.1:0"
	app := NewApp(cfg, io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	if err := app.Open(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server stopped with %v", err)
		}
		app.Close()
	})
	return app.URL()
}

// apiClient is a small black-box client of the JSON API.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func (c *apiClient) do(method, path, contentType, body string) (int, http.Header, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// json sends v as JSON and decodes the answer into out, failing the test if
// the status is not want.
func (c *apiClient) json(method, path string, v any, want int, out any) {
	c.t.Helper()
	body := ""
	if v != nil {
		b, _ := json.Marshal(v)
		body = string(b)
	}
	st, _, b := c.do(method, path, "application/json", body)
	if st != want {
		c.t.Fatalf("%s %s = %d, want %d: %s", method, path, st, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

func newToken(t *testing.T, dbURL, role string) string {
	t.Helper()
	out, errs, code := runCmd(t, "", "token", "create", "--db", dbURL, "--role", role)
	if code != 0 {
		t.Fatalf("token create: %s", errs)
	}
	tok := strings.TrimSpace(out)
	if strings.Contains(tok, "\n") || !strings.HasPrefix(tok, "fk_") {
		t.Fatalf("token create printed %q, want only a token", out)
	}
	return tok
}

type client struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
	Identities []struct{ Kind, Value string }
}

type entry struct {
	ID   string `json:"id"`
	Seq  int    `json:"seq"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type problem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct{ Field, Detail string }
}

// TestAPIScenario is the same scenario on both engines: clients with
// identities, notes listed in order, refusals for missing and wrong
// credentials and bad input, and tamper detection by verify.
func TestAPIScenario(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dbURL := storagetest.URL(t, engine)
			base := startServer(t, dbURL)
			admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}

			var practice struct{ Slug string }
			admin.json("GET", "/api/v1/practice", nil, 200, &practice)
			if practice.Slug == "" {
				t.Error("practice has no slug")
			}

			var c1, c2 client
			admin.json("POST", "/api/v1/clients", map[string]any{"name": "Rosa Díaz", "status": "current", "identities": []map[string]string{
				{"kind": "email", "value": "Rosa.Diaz@Example.com"}, {"kind": "phone", "value": "(212) 555-0101"}, {"kind": "x", "value": "@RosaD"}}}, 201, &c1)
			admin.json("POST", "/api/v1/clients", map[string]any{"name": "Ben Ode", "status": "former", "identities": []map[string]string{{"kind": "linkedin", "value": "ben-ode"}}}, 201, &c2)
			if !strings.HasPrefix(c1.ID, "c_") || len(c1.Identities) != 3 {
				t.Fatalf("created %+v", c1)
			}
			var got client
			admin.json("GET", "/api/v1/clients/"+c1.ID, nil, 200, &got)
			if got.Name != "Rosa Díaz" || got.Status != "current" {
				t.Errorf("got %+v", got)
			}
			found := map[string]string{}
			for _, id := range got.Identities {
				found[id.Kind] = id.Value
			}
			if found["email"] != "rosa.diaz@example.com" || found["phone"] != "+12125550101" || found["x"] != "rosad" {
				t.Errorf("identities not normalised: %v", found)
			}

			texts := []string{"First note.", "Second note: client sent a friend request.", "Third note, with ünïcödé."}
			for _, text := range texts {
				admin.json("POST", "/api/v1/clients/"+c1.ID+"/records", map[string]string{"kind": "note", "text": text}, 201, nil)
			}
			var es []entry
			admin.json("GET", "/api/v1/clients/"+c1.ID+"/records", nil, 200, &es)
			if len(es) != len(texts) {
				t.Fatalf("records = %+v", es)
			}
			for i, e := range es {
				if e.Text != texts[i] || e.Seq != i+1 {
					t.Errorf("record %d = %+v, want %q seq %d", i, e, texts[i], i+1)
				}
			}

			// Refusals.
			anon := &apiClient{t: t, base: base}
			if st, h, _ := anon.do("GET", "/api/v1/clients", "", ""); st != 401 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
				t.Errorf("no token: %d %s", st, h.Get("Content-Type"))
			}
			bad := &apiClient{t: t, base: base, token: "fk_not-a-token"}
			if st, _, _ := bad.do("GET", "/api/v1/clients", "", ""); st != 401 {
				t.Errorf("bad token: %d", st)
			}
			desk := &apiClient{t: t, base: base, token: newToken(t, dbURL, "front_desk")}
			if st, _, _ := desk.do("GET", "/api/v1/clients/"+c1.ID+"/records", "", ""); st != 403 {
				t.Errorf("front desk reading chart: %d, want 403", st)
			}
			if st, _, _ := desk.do("POST", "/api/v1/staff", "application/json", `{"name":"X","email":"x@example.org","role":"admin"}`); st != 403 {
				t.Errorf("front desk adding staff: %d, want 403", st)
			}
			ther := &apiClient{t: t, base: base, token: newToken(t, dbURL, "therapist")}
			if st, _, _ := ther.do("GET", "/api/v1/clients/"+c1.ID, "", ""); st != 404 {
				t.Errorf("therapist reading another caseload: %d, want 404", st)
			}

			var before []client
			admin.json("GET", "/api/v1/clients?limit=500", nil, 200, &before)
			for _, tc := range []struct {
				name, ct, body string
				want           int
			}{
				{"malformed", "application/json", `{"name": "Half", "identities": [`, 400},
				{"wrong type", "application/json", `{"name": 42}`, 400},
				{"not an object", "application/json", `[1,2]`, 400},
				{"two documents", "application/json", `{"name":"A"} {"name":"B"}`, 400},
				{"empty", "application/json", ``, 400},
				{"bad status", "application/json", `{"name":"Q","status":"maybe"}`, 400},
				{"unsupported type", "text/plain", `{"name":"Q"}`, 415},
				{"too large", "application/json", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, 413},
			} {
				st, h, b := admin.do("POST", "/api/v1/clients", tc.ct, tc.body)
				var p problem
				json.Unmarshal(b, &p)
				if st != tc.want || p.Status != tc.want || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
					t.Errorf("%s: %d %s %s, want %d problem+json", tc.name, st, h.Get("Content-Type"), b, tc.want)
				}
			}
			var after []client
			admin.json("GET", "/api/v1/clients?limit=500", nil, 200, &after)
			if len(after) != len(before) {
				t.Errorf("bad requests left rows behind: %d clients before, %d after", len(before), len(after))
			}
			// A duplicate identity is a conflict, naming the field.
			st, _, b := admin.do("POST", "/api/v1/clients", "application/json", `{"name":"Copy","identities":[{"kind":"email","value":"rosa.diaz@example.com"}]}`)
			if st != 409 || !strings.Contains(string(b), "identities") {
				t.Errorf("duplicate identity: %d %s", st, b)
			}

			// verify passes, then fails naming a tampered entry.
			if out, errs, code := runCmd(t, "", "verify", "--db", dbURL); code != 0 || !strings.Contains(out, "intact") {
				t.Fatalf("verify intact: %d %s %s", code, out, errs)
			}
			raw := storagetest.Raw(t, dbURL)
			if _, err := raw.Exec(storagetest.Rebind(dbURL, `UPDATE record_entries SET text = ? WHERE id = ?`), "rewritten", es[1].ID); err != nil {
				t.Fatal(err)
			}
			_, errs, code := runCmd(t, "", "verify", "--db", dbURL)
			if code == 0 || !strings.Contains(errs, es[1].ID) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("verify after tampering: exit %d, stderr %q; want non-zero naming %s on one line", code, errs, es[1].ID)
			}
		})
	}
}

func TestBackupWhileServing(t *testing.T) {
	dbURL := storagetest.URL(t, "sqlite")
	base := startServer(t, dbURL)
	admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}
	var c client
	admin.json("POST", "/api/v1/clients", map[string]any{"name": "Backed Up"}, 201, &c)
	admin.json("POST", "/api/v1/clients/"+c.ID+"/records", map[string]string{"text": "kept"}, 201, nil)
	out := filepath.Join(t.TempDir(), "copy.db")
	if _, errs, code := runCmd(t, "", "backup", "--db", dbURL, out); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if o, errs, code := runCmd(t, "", "verify", "--db", "sqlite:"+out); code != 0 || !strings.Contains(o, "1 chart entries") {
		t.Fatalf("verify restored copy: %d %q %q", code, o, errs)
	}
	if _, errs, code := runCmd(t, "", "backup", "--db", dbURL, out); code == 0 || !strings.Contains(errs, "exists") {
		t.Errorf("backup over an existing file: %d %q", code, errs)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"nosuch"}, "unknown command"},
		{[]string{"token", "create", "--db", "sqlite:" + filepath.Join(dir, "a.db"), "--role", "wizard"}, "--role"},
		{[]string{"token", "create", "--db", "mysql://x"}, "--role"},
		{[]string{"verify", "--db", "mysql://x"}, "sqlite: or postgres://"},
		{[]string{"serve", "--addr", "nonsense"}, "HOST:PORT"},
		{[]string{"backup", "--db", "sqlite:" + filepath.Join(dir, "b.db")}, "FILE"},
		{[]string{"verify", "--bogus"}, "flag provided but not defined"},
		{[]string{"client"}, "name a subcommand"},
		{[]string{"policy", "nosuch"}, "usage: framekeeper policy"},
	} {
		out, errs, code := runCmd(t, "", tc.args...)
		if code == 0 || out != "" || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want non-zero, nothing on stdout, one line containing %q", tc.args, code, out, errs, tc.want)
		}
	}
	for _, cmd := range []string{"serve", "demo", "verify", "backup", "version"} {
		out, _, code := runCmd(t, "", cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage: framekeeper "+cmd) {
			t.Errorf("%s --help: exit %d, %q", cmd, code, out)
		}
	}
	if out, _, code := runCmd(t, "", "token", "create", "--help"); code != 0 || !strings.Contains(out, "--role") {
		t.Errorf("token create --help: %d %q", code, out)
	}
}

// TestEveryCommandFlags: for every command and subcommand, an unknown flag
// is one line on stderr, nothing on stdout and a non-zero exit (the flag
// package would also print its own line and the whole help), and --help
// prints the help once, on stdout, and exits 0.
func TestEveryCommandFlags(t *testing.T) {
	paths := [][]string{
		{"token", "create"}, {"client", "create"}, {"client", "list"}, {"client", "show"}, {"client", "update"},
		{"staff", "create"}, {"audit", "connections"}, {"ack", "status"}, {"policy", "import"}, {"policy", "render"},
	}
	for name := range commands() {
		if name != "token" && name != "client" && name != "staff" && name != "audit" && name != "ack" && name != "policy" {
			paths = append(paths, []string{name})
		}
	}
	for _, p := range paths {
		out, errs, code := runCmd(t, "", append(slices.Clone(p), "--bogus")...)
		if code == 0 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "flag provided but not defined: -bogus") {
			t.Errorf("%v --bogus: exit %d, stdout %q, stderr %q; want non-zero, nothing, one line", p, code, out, errs)
		}
		out, errs, code = runCmd(t, "", append(slices.Clone(p), "--help")...)
		first, _, _ := strings.Cut(out, "\n")
		if code != 0 || errs != "" || strings.TrimSpace(first) == "" || strings.Count(out, first+"\n") != 1 {
			t.Errorf("%v --help: exit %d, stderr %q, stdout %q; want the help once on stdout", p, code, errs, out)
		}
	}
}

// TestServeStopsOnSignal runs the real binary and sends SIGTERM.
func TestServeStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "framekeeper")
	if out, err := execCommand("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := execCommand(bin, "serve", "--db", "sqlite:"+filepath.Join(t.TempDir(), "s.db"), "--addr", "127.0.0.1:0")
	var logs safeBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), "Listening") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no Listening line: %s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "addr=127.0.0.1:") {
		t.Errorf("log does not name the address: %s", logs.String())
	}
	cmd.Process.Signal(sigterm)
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM: %s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve did not stop on SIGTERM")
	}
}
