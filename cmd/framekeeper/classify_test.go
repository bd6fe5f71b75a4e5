package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// runClassify runs the command in-process on input.
func runClassify(tb testing.TB, input string, args ...string) (stdout string, err error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(input), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err = cmdClassify(context.Background(), env, args)
	return out.String(), err
}

func decodeOutputs(tb testing.TB, s string) []classifyOutput {
	tb.Helper()
	var outs []classifyOutput
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		var o classifyOutput
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			tb.Fatalf("output line %q: %v", line, err)
		}
		outs = append(outs, o)
	}
	return outs
}

func TestClassifyCommand(t *testing.T) {
	input := strings.Join([]string{
		`{"id":"1","channel":"sms","text":"i want to die"}`,
		``,
		`{"id":"2","channel":"email","text":"Can we reschedule Thursday? Also my anxiety has been bad."}`,
		`   `,
		`{"id":"3","channel":"public_comment","text":"This traffic is killing me"}`,
		`{"id":"4","channel":"review","text":"Last year I was suicidal but I'm doing much better now.","extra":"ignored"}`,
		`{"id":"5","channel":"direct_message","text":""}`,
	}, "\r\n")
	got, err := runClassify(t, input)
	if err != nil {
		t.Fatalf("classify: %v", err)
	}
	outs := decodeOutputs(t, got)
	want := []struct {
		id                      string
		crisis, clinical, admin bool
		signalPrefix            string
	}{
		{"1", true, true, false, `crisis.`},
		{"2", false, true, true, ``},
		{"3", false, false, false, ``},
		{"4", false, true, false, ``},
		{"5", false, false, false, ``},
	}
	if len(outs) != len(want) {
		t.Fatalf("got %d output lines, want %d:\n%s", len(outs), len(want), got)
	}
	for k, w := range want {
		o := outs[k]
		if o.ID != w.id || o.Crisis != w.crisis || o.Clinical != w.clinical || o.Administrative != w.admin {
			t.Errorf("line %d: got id=%s crisis=%v clinical=%v administrative=%v, want id=%s %v %v %v",
				k+1, o.ID, o.Crisis, o.Clinical, o.Administrative, w.id, w.crisis, w.clinical, w.admin)
		}
		if o.Signals == nil {
			t.Errorf("line %d: signals is null, want an array", k+1)
		}
		if w.signalPrefix != "" && (len(o.Signals) == 0 || !strings.HasPrefix(o.Signals[0], w.signalPrefix)) {
			t.Errorf("line %d: signals = %q, want one starting %q", k+1, o.Signals, w.signalPrefix)
		}
	}
	// The signals array is written as [] not null, also when empty.
	if !strings.Contains(got, `"id":"5","crisis":false,"clinical":false,"administrative":false,"signals":[]`) {
		t.Errorf("empty message output = %q, want signals []", got)
	}
}

func TestClassifyCommandErrors(t *testing.T) {
	tests := []struct {
		name, input, wantErr string
		wantLines            int // output lines written before the error
	}{
		{"invalid JSON", `{"id":"1","channel":"sms","text":"ok"}` + "\n" + `{"id":`, "line 2: invalid JSON", 1},
		{"invalid UTF-8", "{\"id\":\"1\",\"channel\":\"sms\",\"text\":\"\xff\"}", "line 1: not valid UTF-8", 0},
		{"missing text", `{"id":"1","channel":"sms"}`, "line 1: missing text", 0},
		{"missing id", `{"channel":"sms","text":"x"}`, "line 1: missing id", 0},
		{"missing channel", `{"id":"1","text":"x"}`, "line 1: missing channel", 0},
		{"unknown channel", "\n\n" + `{"id":"1","channel":"fax","text":"x"}`, "line 3: unknown channel", 0},
		{"not an object", `[1,2]`, "line 1: invalid JSON", 0},
		{"text not a string", `{"id":"1","channel":"sms","text":5}`, "line 1: invalid JSON", 0},
		{"trailing data", `{"id":"1","channel":"sms","text":"x"} {}`, "line 1: invalid JSON", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runClassify(t, tt.input)
			if err == nil {
				t.Fatalf("got no error, want %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantErr)
			}
			if n := len(decodeOutputs(t, got)); n != tt.wantLines {
				t.Errorf("wrote %d lines before the error, want %d", n, tt.wantLines)
			}
		})
	}
}

func TestClassifyCommandLongLine(t *testing.T) {
	// A 2 MiB message with the crisis statement at its very end.
	text := strings.Repeat("the weather was fine and we walked. ", 2<<20/36) + "I want to kill myself"
	line, _ := json.Marshal(map[string]string{"id": "long", "channel": "email", "text": text})
	got, err := runClassify(t, string(line)+"\n"+`{"id":"next","channel":"sms","text":"running late"}`+"\n")
	if err != nil {
		t.Fatalf("classify: %v", err)
	}
	outs := decodeOutputs(t, got)
	if len(outs) != 2 || outs[0].ID != "long" || !outs[0].Crisis || outs[1].ID != "next" || !outs[1].Administrative {
		t.Errorf("got %+v, want long (crisis) then next (administrative)", outs)
	}
}

func TestClassifyCommandHelpAndArgs(t *testing.T) {
	got, err := runClassify(t, "", "-h")
	if !errors.Is(err, errHelp) {
		t.Errorf("-h: error = %v, want errHelp", err)
	}
	if !strings.Contains(got, "Usage: framekeeper classify") {
		t.Errorf("-h printed %q, want usage on stdout", got)
	}
	if _, err := runClassify(t, "", "extra"); err == nil {
		t.Errorf("classify extra: got no error, want one")
	}
	if got, err := runClassify(t, ""); err != nil || got != "" {
		t.Errorf("empty input: got %q, %v; want no output and no error", got, err)
	}
}

// FuzzClassifyCommand: the reader never panics, and on success writes one
// valid output line per non-blank input line.
func FuzzClassifyCommand(f *testing.F) {
	f.Add(`{"id":"1","channel":"sms","text":"i want to die"}` + "\n" + `{"id":"2","channel":"email","text":"reschedule?"}`)
	f.Add("\n\n   \n")
	f.Add(`{"id":"1","channel":"review","text":"I'm not suicidal lol"}`)
	f.Add(`{"id":"1","channel":"fax","text":"x"}`)
	f.Add("{\"id\":\"\xff\"}")
	f.Add(`{"id":"1","channel":"sms","text":"a\u0000b\ud800"}` + "\r\n")
	f.Fuzz(func(t *testing.T, input string) {
		got, err := runClassify(t, input)
		if err != nil {
			return
		}
		want := 0
		for _, line := range strings.Split(input, "\n") {
			if strings.TrimSpace(line) != "" {
				want++
			}
		}
		lines := 0
		for _, line := range strings.Split(got, "\n") {
			if line == "" {
				continue
			}
			lines++
			var o classifyOutput
			if err := json.Unmarshal([]byte(line), &o); err != nil {
				t.Fatalf("output line %q is not valid JSON: %v", line, err)
			}
		}
		if lines != want {
			t.Fatalf("got %d output lines for %d input lines; input %q", lines, want, input)
		}
	})
}
