package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runPolicyRender(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err = cmdPolicyRender(context.Background(), env, args)
	return out.String(), errb.String(), err
}

func TestPolicyRenderTemplates(t *testing.T) {
	tests := []struct {
		args []string
		want []string
		not  []string
	}{
		{[]string{"--template", "000"}, []string{"# Social Media and Electronic Communication Policy", "Hillcrest University Counseling Center", "## Searching for you online"}, []string{"## Your signature"}},
		{[]string{"--template", "group", "--format", "md"}, []string{"Bayview Counseling Collective", "## Meeting by chance online"}, []string{"## Review sites"}},
		{nil, []string{"Cedar Lane Psychology", "## Your signature", "Client: ____"}, nil}, // 002 by default
		{[]string{"--format", "html", "--template", "002", "--version", "3", "--effective", "2025-06-01"}, []string{"<!doctype html>", "Version 3, effective June 1, 2025", `<section id="acknowledgment">`}, nil},
	}
	for _, tt := range tests {
		out, _, err := runPolicyRender(t, "", tt.args...)
		if err != nil {
			t.Errorf("policy render %v: %v", tt.args, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("policy render %v: output lacks %q", tt.args, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(out, n) {
				t.Errorf("policy render %v: output has %q", tt.args, n)
			}
		}
	}
}

func TestPolicyRenderPolicyFileToPDF(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "policy.json")
	// The shape "policy import --explain" writes, plus an override.
	js := `{"clauses": {"texting": "administrative_only", "acknowledgment": "required"},
	        "profile": {"practice_name": "Łukasz Nowak Therapy", "therapist_names": ["Zoë Ångström-Nuñez"]},
	        "overrides": {"texting": "We text **only** about visits. <script>alert(1)</script>"},
	        "evidence": {"texting": ["..."]}, "format": "text", "notes": []}`
	if err := os.WriteFile(in, []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "policy.pdf")
	if _, _, err := runPolicyRender(t, "", "--policy", in, "--format", "pdf", "--out", out, "--signers", "1"); err != nil {
		t.Fatalf("policy render: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 1000 {
		t.Fatalf("output is not a PDF (%d bytes)", len(b))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".policy.pdf.*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	// Standard input works too, and the HTML carries no script.
	html, _, err := runPolicyRender(t, js, "--policy", "-", "--format", "html")
	if err != nil {
		t.Fatalf("policy render from stdin: %v", err)
	}
	if strings.Contains(strings.ToLower(html), "<script") || !strings.Contains(html, "Łukasz Nowak Therapy") {
		t.Errorf("HTML from stdin: script present or practice name missing")
	}
}

func TestPolicyRenderErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"clauses": {"texting": "sometimes"}}`), 0o600)
	typo := filepath.Join(dir, "typo.json")
	os.WriteFile(typo, []byte(`{"clauses": {}, "overides": {}}`), 0o600)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "docx"}, "unknown format"},
		{[]string{"--template", "004"}, "unknown template"},
		{[]string{"--template", "000", "--policy", bad}, "give one of"},
		{[]string{"--policy", bad}, "unknown stance"},
		{[]string{"--policy", typo}, "overides"},
		{[]string{"--policy", filepath.Join(dir, "missing.json")}, "cannot open"},
		{[]string{"--effective", "June 1"}, "not a date"},
		{[]string{"--signers", "0"}, "--signers"},
		{[]string{"--out", filepath.Join(dir, "no", "such", "dir", "x.pdf")}, "cannot write"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		_, _, err := runPolicyRender(t, "", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("policy render %v: error %v, want one containing %q", tt.args, err, tt.want)
		}
	}
}

func TestPolicyRenderHelp(t *testing.T) {
	out, _, err := runPolicyRender(t, "", "--help")
	if !errors.Is(err, errHelp) {
		t.Fatalf("--help returned %v, want errHelp", err)
	}
	for _, w := range []string{"Usage: framekeeper policy render", "university", "comprehensive", "-format"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks %q", w)
		}
	}
}
