package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/triage"
)

// TestTwoReplicasOnPostgres runs two serve processes on one PostgreSQL
// database: they share the intake queue without deciding anything twice,
// and a console session made on one is valid on the other.
func TestTwoReplicasOnPostgres(t *testing.T) {
	if os.Getenv("FRAMEKEEPER_TEST_POSTGRES") == "" {
		t.Skip("needs PostgreSQL: set FRAMEKEEPER_TEST_POSTGRES (.ci/run does)")
	}
	if testing.Short() {
		t.Skip("builds and runs the binary twice")
	}
	bin := filepath.Join(t.TempDir(), "framekeeper")
	if out, err := execCommand("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbURL := storagetest.URL(t, "postgres")
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, _ := auth.HashPassword("replica password", auth.Params{Memory: 1024, Time: 1, Threads: 1})
	admin := &framekeeper.Staff{Name: "Ada Admin", Email: "ada@example.org", Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Replica Practice", admin, hash); err != nil {
		t.Fatal(err)
	}
	actor := framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}
	const clients, n = 10, 200
	for i := 0; i < clients; i++ {
		c := &framekeeper.Client{Name: fmt.Sprintf("Client %02d", i), Identities: []framekeeper.Identity{{Kind: "phone", Value: fmt.Sprintf("+1415555%04d", i)}}}
		if err := db.CreateClient(ctx, actor, c); err != nil {
			t.Fatal(err)
		}
	}
	// Stored but not decided, as if a replica had crashed after intake: only
	// the workers of the two replicas can decide them.
	for i := 0; i < n; i++ {
		s := &intake.Stored{Input: triage.Interaction{ID: fmt.Sprintf("SM%04d", i), Kind: triage.SMS, Channel: triage.ChannelSMS,
			From: triage.Sender{Phone: fmt.Sprintf("+1415555%04d", i%clients)}, Text: "Running ten minutes late today."}}
		if _, err := db.InsertInteraction(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	var addrs []string
	var logs [2]safeBuffer
	defer func() {
		if t.Failed() {
			for i := range logs {
				for _, l := range strings.Split(logs[i].String(), "\n") {
					if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
						t.Logf("replica %d: %s", i, l)
					}
				}
			}
		}
	}()
	for r := 0; r < 2; r++ {
		cmd := execCommand(bin, "serve", "--db", dbURL, "--addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), "FRAMEKEEPER_WORKERS=3")
		cmd.Stderr = &logs[r]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Signal(sigterm); cmd.Wait() })
		addrs = append(addrs, waitListening(t, &logs[r]))
	}
	waitAllDone(t, dbURL)

	list, total, err := db.FindInteractions(ctx, actor, intake.Filter{Limit: 500})
	if err != nil || total != n {
		t.Fatalf("interactions: %d, %v", total, err)
	}
	for _, s := range list {
		if s.Status != intake.StatusDone || s.Attempts != 1 {
			t.Errorf("%s: status %s after %d attempts; want done after 1", s.Input.ID, s.Status, s.Attempts)
		}
	}
	entries, p, err := db.VerifyRecords(ctx)
	if err != nil || p != nil || entries != n {
		t.Errorf("chart entries %d (want %d, one per decision), problem %v, err %v", entries, n, p, err)
	}

	// Sign in on replica 0; the session works on replica 1.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm("http://"+addrs[0]+"/login", url.Values{"email": {"ada@example.org"}, "password": {"replica password"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on replica 0: %v %v", res, err)
	}
	res.Body.Close()
	u0, _ := url.Parse("http://" + addrs[0])
	u1, _ := url.Parse("http://" + addrs[1])
	jar.SetCookies(u1, jar.Cookies(u0))
	res, err = c.Get("http://" + addrs[1] + "/console/clients")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("session on replica 1: %v %v", res, err)
	}
	res.Body.Close()
	t.Logf("two replicas decided %d interactions, each once; session shared", n)
}
