package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestClientCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "c.db")
	out, errs, code := runCmd(t, "", "client", "create", "--db", db, "--name", "Noor Haddad", "--email", "Noor@Example.org",
		"--phone", "(646) 555-0102", "--handle", "instagram:@noor.h")
	if code != 0 {
		t.Fatalf("create: %s", errs)
	}
	var c struct {
		ID         string
		Name       string
		Status     string
		Identities []struct{ Kind, Value string }
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil || c.Status != "current" || len(c.Identities) != 3 {
		t.Fatalf("created %q: %v", out, err)
	}
	out, _, code = runCmd(t, "", "client", "list", "--db", db, "--q", "noor")
	if code != 0 || !strings.Contains(out, c.ID) || !strings.Contains(out, "(1 of 1)") {
		t.Errorf("list: %q", out)
	}
	out, errs, code = runCmd(t, "", "client", "update", "--db", db, c.ID, "--status", "former")
	if code != 0 || !strings.Contains(out, `"former"`) {
		t.Errorf("update: %d %q %q", code, out, errs)
	}
	out, _, code = runCmd(t, "", "client", "show", "--db", db, c.ID)
	if code != 0 || !strings.Contains(out, "noor.h") || !strings.Contains(out, "+16465550102") {
		t.Errorf("show: %q", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"client", "create", "--db", db, "--name", "X", "--phone", "12"}, "Phone number"},
		{[]string{"client", "create", "--db", db, "--name", "Y", "--email", "noor@example.org"}, "already on the roster"},
		{[]string{"client", "create", "--db", db, "--name", "Z", "--handle", "myspace"}, "PLATFORM:HANDLE"},
		{[]string{"client", "show", "--db", db, "c_nope"}, "not found"},
		{[]string{"client", "fly", "--db", db}, "unknown subcommand"},
		{[]string{"client"}, "subcommand"},
	} {
		_, errs, code := runCmd(t, "", tc.args...)
		if code == 0 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: exit %d, %q; want one line with %q", tc.args, code, errs, tc.want)
		}
	}
}
