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
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprint(env.Stdout, lintPostUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
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
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable in messages
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(br)
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			in, perr := parsePostLine(line)
			if perr != nil {
				return fmt.Errorf("line %d: %w", n, perr)
			}
			out := postResult{ID: *in.ID, Findings: c.Check(*in.Text)}
			if err := enc.Encode(out); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return bw.Flush()
		}
	}
}

// readLine returns one line without its line ending; io.EOF with the last
// line (possibly empty) when the input ends.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxPostLine {
			return nil, fmt.Errorf("line longer than %d bytes", maxPostLine)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, err
	}
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
