package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
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
	fs.Usage = func() { fmt.Fprint(env.Stdout, classifyUsage) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return framekeeper.Errorf(framekeeper.EINVALID, "classify takes no arguments (input is read from standard input)")
	}
	d := detect.Default()
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	err := eachJSONLine(env.Stdin, out, maxClassifyLine, func(n int, line []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		o, err := classifyLine(d, line, n)
		if err != nil {
			return err
		}
		return enc.Encode(o)
	})
	out.Flush()
	return err
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
