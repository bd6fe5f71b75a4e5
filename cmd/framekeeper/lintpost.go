package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper/postcheck"
)

const lintPostUsage = `Usage: framekeeper lint-post < drafts.jsonl

Reads JSON Lines {"id": "...", "text": "..."}, one draft post per line, and
writes one line per draft, in the same order:

  {"id": "...", "findings": [{"rule": "...", "start": n, "end": n, "message": "..."}]}

Rules: client_reference, testimonial_solicitation, phi, venting. A draft with
no findings gets "findings": [].

start and end are Unicode code point (character) offsets into text as given,
end exclusive. Blank lines are skipped. Invalid JSON, invalid UTF-8, a missing
id or a missing or empty text stops the run with an error naming the line;
results for earlier lines have already been written.
`

// maxPostLine bounds one input line so a runaway input cannot exhaust memory;
// real posts are a few kilobytes at most.
const maxPostLine = 1 << 20

func cmdLintPost(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("lint-post", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(env.Stdout, lintPostUsage) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: drafts are read from standard input", fs.Arg(0))
	}
	return lintPosts(ctx, env.Stdin, env.Stdout, postcheck.New())
}

// postLine is one input line. Pointers tell a missing field from an empty
// one.
type postLine struct {
	ID   *string `json:"id"`
	Text *string `json:"text"`
}

type postResult struct {
	ID       string              `json:"id"`
	Findings []postcheck.Finding `json:"findings"`
}

// lintPosts checks each draft in r and writes its findings to w.
func lintPosts(ctx context.Context, r io.Reader, w io.Writer, c *postcheck.Checker) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable in messages
	err := eachJSONLine(r, bw, maxPostLine, func(n int, line []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := parsePostLine(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		return enc.Encode(postResult{ID: *in.ID, Findings: c.Check(*in.Text)})
	})
	bw.Flush()
	return err
}

func parsePostLine(line []byte) (postLine, error) {
	var in postLine
	if !utf8.Valid(line) {
		return in, errors.New("not valid UTF-8")
	}
	if t := bytes.TrimSpace(line); t[0] != '{' {
		return in, errors.New(`want a JSON object {"id": "...", "text": "..."}`)
	}
	if err := json.Unmarshal(line, &in); err != nil {
		return in, fmt.Errorf("invalid JSON: %v", err)
	}
	if in.ID == nil {
		return in, errors.New(`missing "id"`)
	}
	if in.Text == nil {
		return in, errors.New(`missing "text"`)
	}
	if strings.TrimSpace(*in.Text) == "" {
		return in, errors.New(`empty "text"`)
	}
	return in, nil
}
