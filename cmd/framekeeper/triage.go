package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/triage"
)

const triageUsage = `Usage: framekeeper triage --db URL [--draft] < interactions.jsonl
       framekeeper triage --policy POLICY.json --roster ROSTER.json < interactions.jsonl

Runs the decision engine offline: reads JSON Lines of interactions
{"id", "kind", "channel", "from": {"name", "email", "phone", "platform", "handle"}, "to", "text", "at"}
and writes one decision per line, in the same order. Nothing is stored, sent
or alerted: this is for testing a policy before publishing it.

The policy and roster come from a practice database (--db: the version in
force, or the draft with --draft) or from files: --policy takes the JSON
"framekeeper policy import" writes ({"clauses": {...}, "profile": {...}});
--roster takes a JSON array (or JSON Lines) of clients
{"id", "name", "status", "identities": [{"kind", "value"}], "associates": [...]}.
Without --policy the comprehensive template (seed 002) is used; without
--roster nobody is a client.

Options:
`

// maxTriageLine bounds one input line.
const maxTriageLine = 4 << 20

func cmdTriage(ctx context.Context, env *Env, args []string) error {
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	cfg.DB = env.Getenv("FRAMEKEEPER_DB") // no default file: a database is named on purpose
	fs := newFlags(env, "triage", "", "")
	fs.Usage = func() {
		fmt.Fprint(env.Stdout, triageUsage)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.DB, "db", cfg.DB, "practice database (sqlite:PATH or postgres://…)")
	draft := fs.Bool("draft", false, "with --db: decide against the draft instead of the version in force")
	policyFile := fs.String("policy", "", "policy JSON file")
	rosterFile := fs.String("roster", "", "roster JSON file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if cfg.DB != "" && (*policyFile != "" || *rosterFile != "") {
		return errors.New("give --db, or --policy and --roster, not both")
	}
	var dc intake.DecisionContext
	var resolver func(context.Context, triage.Sender) (triage.SenderResult, error)
	if cfg.DB != "" {
		db, err := storage.Open(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		if dc, err = (storage.TriageContext{DB: db}).DecisionContext(ctx); err != nil {
			return err
		}
		if *draft {
			d, err := db.Policies().Draft(ctx)
			if err != nil {
				return err
			}
			dc.Version, dc.Policy = 0, d.Policy
		}
		resolver = resolve.NewResolver(db.Roster()).Resolve
	} else {
		if *draft {
			return errors.New("--draft goes with --db")
		}
		t, _ := policy.TemplateByID(policy.TemplateComprehensive)
		dc.Policy = t.Policy.Clone()
		if *policyFile != "" {
			if dc.Policy, err = readPolicyFile(env, *policyFile); err != nil {
				return err
			}
			if err := dc.Policy.Validate(); err != nil {
				return fmt.Errorf("%s: %s", *policyFile, framekeeper.ErrorMessage(err))
			}
		}
		clients, err := readRoster(*rosterFile)
		if err != nil {
			return err
		}
		ix := resolve.NewIndex(clients)
		resolver = func(_ context.Context, s triage.Sender) (triage.SenderResult, error) { return ix.Resolve(s), nil }
	}
	det := detect.Default()
	out := bufio.NewWriter(env.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	return eachJSONLine(env.Stdin, out, maxTriageLine, func(n int, line []byte) error {
		if !utf8.Valid(line) {
			return fmt.Errorf("line %d: not valid UTF-8", n)
		}
		var in triage.Interaction
		dec := json.NewDecoder(bytes.NewReader(line))
		if err := dec.Decode(&in); err != nil {
			return fmt.Errorf("line %d: not a JSON interaction: %s", n, strings.TrimPrefix(err.Error(), "json: "))
		}
		if err := in.Validate(); err != nil {
			return fmt.Errorf("line %d: %s", n, framekeeper.ErrorMessage(err))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		sender, err := resolver(ctx, in.From)
		if err != nil {
			return fmt.Errorf("line %d: resolve sender: %w", n, err)
		}
		d, err := intake.DecideOffline(in, sender, det, dc)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		d.EventID = "ev_line_" + strconv.Itoa(n)
		return enc.Encode(d)
	})
}

// readRoster reads clients from a JSON array or JSON Lines file; clients
// without an id get one from their position.
func readRoster(name string) ([]framekeeper.Client, error) {
	if name == "" {
		return nil, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read roster: %w", unwrapPathError(err))
	}
	var clients []framekeeper.Client
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		if err := json.Unmarshal(trimmed, &clients); err != nil {
			return nil, fmt.Errorf("%s is not a JSON array of clients: %s", name, strings.TrimPrefix(err.Error(), "json: "))
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		for {
			var c framekeeper.Client
			if err := dec.Decode(&c); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("%s: client %d is not valid JSON: %s", name, len(clients)+1, strings.TrimPrefix(err.Error(), "json: "))
			}
			clients = append(clients, c)
		}
	}
	for i := range clients {
		c := &clients[i]
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("%s: client %d (%s): %s", name, i+1, c.Name, framekeeper.ErrorMessage(err))
		}
		if c.ID == "" {
			c.ID = "c_" + strconv.Itoa(i+1)
		}
	}
	return clients, nil
}
