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
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
)

// maxClassifyLine bounds one input line, so a stream without newlines
// cannot exhaust memory. Messages are far smaller; 16 MiB leaves room for
// long email threads.
const maxClassifyLine = 16 << 20

// classifyChannels are the channels the classify contract accepts.
var classifyChannels = map[string]bool{
	"email": true, "sms": true, "direct_message": true, "public_comment": true, "review": true,
}

const classifyUsage = `Usage: framekeeper classify < messages.jsonl

Reads JSON Lines {"id": "...", "channel": "email|sms|direct_message|public_comment|review", "text": "..."}
from standard input and writes one line per message, in the same order:
{"id": "...", "crisis": bool, "clinical": bool, "administrative": bool, "signals": ["..."]}

signals lists the evidence for every label as rule:"phrase", for example
crisis.active_ideation:"want to die" or administrative.billing:"copay".
Blank lines are skipped. Any other bad line (invalid JSON or UTF-8, a missing
id or text, an unknown channel) stops the command with an error naming the
line number; the lines before it have been written.
`

// classifyInput is one input line. Pointers tell a missing field from an
// empty one.
type classifyInput struct {
	ID      *string `json:"id"`
	Channel *string `json:"channel"`
	Text    *string `json:"text"`
}

type classifyOutput struct {
	ID             string   `json:"id"`
	Crisis         bool     `json:"crisis"`
	Clinical       bool     `json:"clinical"`
	Administrative bool     `json:"administrative"`
	Signals        []string `json:"signals"`
}

func cmdClassify(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprint(env.Stdout, classifyUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return err
	}
	if fs.NArg() > 0 {
		return framekeeper.Errorf(framekeeper.EINVALID, "classify takes no arguments (input is read from standard input)")
	}
	d := detect.Default()
	in := bufio.NewReaderSize(env.Stdin, 64<<10)
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var line []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			out.Flush()
			return err
		}
		var err error
		line, err = readClassifyLine(in, line[:0])
		if err == io.EOF && len(line) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			out.Flush()
			if errors.Is(err, errClassifyLineTooLong) {
				return framekeeper.Errorf(framekeeper.EINVALID, "line %d: longer than %d bytes", n, maxClassifyLine)
			}
			return fmt.Errorf("reading line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			o, verr := classifyLine(d, line, n)
			if verr != nil {
				out.Flush()
				return verr
			}
			if werr := enc.Encode(o); werr != nil {
				return fmt.Errorf("writing line %d: %w", n, werr)
			}
		}
		// Flush whenever the input has nothing more buffered, so an
		// interactive producer sees each answer before it sends more.
		if in.Buffered() == 0 {
			if ferr := out.Flush(); ferr != nil {
				return fmt.Errorf("writing: %w", ferr)
			}
		}
		if err == io.EOF {
			break
		}
	}
	return out.Flush()
}

var errClassifyLineTooLong = errors.New("line too long")

// readClassifyLine appends one line without its newline (and a CR before it) to
// buf, reading lines of any length up to maxClassifyLine.
func readClassifyLine(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > maxClassifyLine+1 {
			return buf, errClassifyLineTooLong
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
			if n := len(buf); n > 0 && buf[n-1] == '\r' {
				buf = buf[:n-1]
			}
		}
		return buf, err
	}
}

// classifyLine validates one non-blank input line and classifies it.
func classifyLine(d *detect.Detector, line []byte, n int) (classifyOutput, error) {
	if !utf8.Valid(line) {
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID, "line %d: not valid UTF-8", n)
	}
	var in classifyInput
	if err := json.Unmarshal(line, &in); err != nil {
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID, "line %d: invalid JSON: %v", n, err)
	}
	switch {
	case in.ID == nil:
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID, "line %d: missing id", n)
	case in.Text == nil:
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID, "line %d: missing text", n)
	case in.Channel == nil:
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID, "line %d: missing channel", n)
	case !classifyChannels[*in.Channel]:
		return classifyOutput{}, framekeeper.Errorf(framekeeper.EINVALID,
			"line %d: unknown channel %q (want email, sms, direct_message, public_comment or review)", n, *in.Channel)
	}
	r := d.Classify(*in.Text)
	return classifyOutput{
		ID:             *in.ID,
		Crisis:         r.Crisis,
		Clinical:       r.Clinical,
		Administrative: r.Administrative,
		Signals:        detect.Strings(r.Signals),
	}, nil
}
