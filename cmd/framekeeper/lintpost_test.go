package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper/postcheck"
)

func runLintPost(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err := cmdLintPost(context.Background(), env, args)
	return out.String(), errOut.String(), err
}

func TestLintPost(t *testing.T) {
	in := `{"id": "a", "text": "Please leave us a review on Yelp!"}

{"id": "b", "text": "Now accepting new clients for fall."}
{"id": "c", "text": "My 3pm brought tamales 🌮 today.", "channel": "ignored"}
`
	out, _, err := runLintPost(t, in)
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	var got []postResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var r postResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		got = append(got, r)
	}
	if len(got) != 3 {
		t.Fatalf("got %d output lines, want 3:\n%s", len(got), out)
	}
	wantRules := map[string]postcheck.Rule{"a": postcheck.TestimonialSolicitation, "c": postcheck.ClientReference}
	for i, id := range []string{"a", "b", "c"} {
		if got[i].ID != id {
			t.Errorf("line %d id = %q, want %q", i, got[i].ID, id)
		}
		want, flagged := wantRules[id]
		if !flagged {
			if len(got[i].Findings) != 0 {
				t.Errorf("%s: findings = %v, want none", id, got[i].Findings)
			}
			continue
		}
		if len(got[i].Findings) == 0 || got[i].Findings[0].Rule != want {
			t.Errorf("%s: findings = %v, want a %s finding", id, got[i].Findings, want)
		}
	}
	// A clean draft must encode as an empty array, never null.
	if !strings.Contains(out, `{"id":"b","findings":[]}`) {
		t.Errorf("clean draft not encoded with an empty array:\n%s", out)
	}
	// Offsets are code points: "My 3pm" starts at 0 and is 6 long.
	if f := got[2].Findings[0]; f.Start != 0 || f.End != 6 {
		t.Errorf("c: span = [%d,%d), want [0,6)", f.Start, f.End)
	}
}

func TestLintPostBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"invalid json", "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\": \"b\", \"text\": \n", "line 2: invalid JSON"},
		{"not an object", `["a"]`, "line 1: want a JSON object"},
		{"null", `null`, "line 1: want a JSON object"},
		{"invalid utf-8", "{\"id\":\"a\",\"text\":\"caf\xe9\"}", "line 1: not valid UTF-8"},
		{"missing text", `{"id":"a"}`, `line 1: missing "text"`},
		{"empty text", "\n\n" + `{"id":"a","text":"  "}`, `line 3: empty "text"`},
		{"missing id", `{"text":"hello"}`, `line 1: missing "id"`},
		{"text not a string", `{"id":"a","text":5}`, "line 1: invalid JSON"},
		{"trailing garbage", `{"id":"a","text":"x"} {}`, "line 1: invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runLintPost(t, tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLintPostHelpAndArgs(t *testing.T) {
	out, _, err := runLintPost(t, "", "--help")
	if !errors.Is(err, errHelp) {
		t.Errorf("--help err = %v, want errHelp", err)
	}
	if !strings.Contains(out, "code point") {
		t.Errorf("help does not document the offset unit:\n%s", out)
	}
	if _, _, err := runLintPost(t, "", "drafts.jsonl"); err == nil {
		t.Error("positional argument accepted, want an error")
	}
	if out, _, err := runLintPost(t, "\n  \n"); err != nil || out != "" {
		t.Errorf("blank input: out %q err %v, want nothing", out, err)
	}
}

func FuzzLintPosts(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Leave us a review!"}` + "\n\n" + `{"id":"b","text":"My 3pm cried 😢"}`))
	f.Add([]byte(`{"id":"a","text":"x"}` + "\r\n"))
	f.Add([]byte("{\"id\":\"a\",\"text\":\"\\ud800 \\u00e9\"}"))
	f.Add([]byte(`{"id":"a"`))
	f.Add([]byte("\xff\xfe"))
	c := postcheck.New()
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		err := lintPosts(context.Background(), bytes.NewReader(in), &out, c)
		// Every line written must be a complete result, error or not.
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 4*maxPostLine)
		lines := 0
		for sc.Scan() {
			lines++
			var r postResult
			if jerr := json.Unmarshal(sc.Bytes(), &r); jerr != nil {
				t.Fatalf("output line %q: %v", sc.Text(), jerr)
			}
			if r.Findings == nil {
				t.Fatalf("findings null in %q", sc.Text())
			}
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error %q does not name the line", err)
			}
			return
		}
		want := 0
		for _, l := range bytes.Split(in, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				want++
			}
		}
		if lines != want {
			t.Fatalf("wrote %d results for %d non-blank lines", lines, want)
		}
	})
}
