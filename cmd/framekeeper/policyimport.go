package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/policy/importer"
)

const policyImportUsage = `Usage: framekeeper policy import [--explain] FILE

Reads an existing policy written in prose (plain text, Markdown or HTML; "-"
reads standard input) and writes JSON: a stance for every clause
("unspecified" where the text is silent or unclear) and the profile fields
the text gives. --explain adds the sentences that decided each clause.
`

// importOutput is the JSON the command writes. Evidence, format and notes
// appear only with --explain.
type importOutput struct {
	Clauses   policy.Stances                    `json:"clauses"`
	Profile   map[string]any                    `json:"profile"`
	Evidence  map[policy.Clause][]string        `json:"evidence,omitempty"`
	Conflicts map[policy.Clause][]policy.Stance `json:"conflicts,omitempty"`
	Format    importer.Format                   `json:"format,omitempty"`
	Notes     []string                          `json:"notes,omitempty"`
}

// cmdPolicyImport implements "framekeeper policy import FILE".
func cmdPolicyImport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("policy import", flag.ContinueOnError)
	explain := fs.Bool("explain", false, "add the evidence for each clause")
	fs.Usage = func() { fmt.Fprint(env.Stdout, policyImportUsage) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("expected one FILE argument (or - for standard input)")
	}
	name := fs.Arg(0)
	var r io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cannot open %s: %w", name, unwrapPathError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a directory", name)
		}
		r = f
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	res, err := importer.Import(r, name)
	if err != nil {
		return errors.New(framekeeper.ErrorMessage(err))
	}
	out := importOutput{Clauses: res.Stances, Profile: profileJSON(res.Profile)}
	if *explain {
		out.Evidence, out.Conflicts, out.Format, out.Notes = res.Evidence, res.Conflicts, res.Format, res.Notes
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// profileJSON renders the profile with its JSON field names, leaving out the
// fields the text did not give (practice_name included).
func profileJSON(p policy.Profile) map[string]any {
	b, err := json.Marshal(p)
	if err != nil {
		return map[string]any{}
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return map[string]any{}
	}
	for k, v := range m {
		if s, ok := v.(string); ok && s == "" {
			delete(m, k)
		}
	}
	return m
}

// unwrapPathError drops the repeated path from an *os.PathError.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
