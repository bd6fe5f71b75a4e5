package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper/policy"
)

func runPolicyImport(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err = cmdPolicyImport(context.Background(), env, args)
	return out.String(), errb.String(), err
}

const cliPolicy = `# Social Media Policy

This policy explains how I use technology. Please ask your therapist about anything unclear.

## Friending

I do not accept friend or contact requests from current or former clients.

## Email

I use email only to arrange or modify appointments. Contact me at office@example-therapy.com.
`

func TestPolicyImportFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.md")
	if err := os.WriteFile(path, []byte(cliPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := runPolicyImport(t, "", path)
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	var got struct {
		Clauses  map[string]string `json:"clauses"`
		Profile  map[string]any    `json:"profile"`
		Evidence map[string][]string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if len(got.Clauses) != len(policy.Clauses()) {
		t.Errorf("got %d clauses, want %d", len(got.Clauses), len(policy.Clauses()))
	}
	for clause, want := range map[string]string{"friending": "decline", "email": "administrative_only", "texting": "unspecified"} {
		if got.Clauses[clause] != want {
			t.Errorf("clauses[%s] = %q, want %q", clause, got.Clauses[clause], want)
		}
	}
	if got.Profile["admin_email"] != "office@example-therapy.com" {
		t.Errorf("profile.admin_email = %v, want office@example-therapy.com", got.Profile["admin_email"])
	}
	if _, ok := got.Profile["practice_name"]; ok {
		t.Errorf("profile has an empty practice_name: %v", got.Profile)
	}
	if got.Evidence != nil {
		t.Errorf("evidence present without --explain")
	}
}

func TestPolicyImportStdinExplain(t *testing.T) {
	stdout, _, err := runPolicyImport(t, cliPolicy, "--explain", "-")
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	var got struct {
		Evidence map[string][]string `json:"evidence"`
		Format   string              `json:"format"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if ev := got.Evidence["friending"]; len(ev) != 1 || !strings.Contains(ev[0], "do not accept friend") {
		t.Errorf("evidence[friending] = %q, want the declining sentence", ev)
	}
	if got.Format != "markdown" {
		t.Errorf("format = %q, want markdown", got.Format)
	}
}

func TestPolicyImportErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	binary := filepath.Join(dir, "x.bin")
	os.WriteFile(empty, nil, 0o600)
	os.WriteFile(binary, []byte{0x7f, 'E', 'L', 'F', 0, 0, 1}, 0o600)
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"no args", nil, "", "expected one FILE"},
		{"two args", []string{"a", "b"}, "", "expected one FILE"},
		{"missing", []string{filepath.Join(dir, "nope.txt")}, "", "no such file"},
		{"directory", []string{dir}, "", "is a directory"},
		{"empty", []string{empty}, "", "is empty"},
		{"binary", []string{binary}, "", "binary"},
		{"empty stdin", []string{"-"}, "", "the input is empty"},
		{"bad utf-8 stdin", []string{"-"}, "caf\xe9 policy", "not valid UTF-8"},
		{"bad flag", []string{"--nope", "x"}, "", "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, _, err := runPolicyImport(t, tc.stdin, tc.args...)
			if err == nil {
				t.Fatalf("err = nil, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %q, want one line containing %q", err, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestPolicyImportHelp(t *testing.T) {
	stdout, _, err := runPolicyImport(t, "", "--help")
	if !errors.Is(err, errHelp) {
		t.Errorf("err = %v, want errHelp", err)
	}
	if !strings.Contains(stdout, "policy import") {
		t.Errorf("usage not printed to stdout: %q", stdout)
	}
}
