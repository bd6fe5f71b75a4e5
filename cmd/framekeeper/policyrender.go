package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/render"
	"github.com/framekeeper/framekeeper/storage"
)

const policyRenderUsage = `Usage: framekeeper policy render [--format md|html|pdf] [--out FILE]
                                [--template ID | --policy FILE.json | --db URL [--draft]]
                                [--signers N] [--version N] [--effective YYYY-MM-DD]

Writes the client-facing policy as Markdown, a printable HTML page or a PDF.
The policy comes from a built-in template (--template: 000 or university,
001 or group, 002 or comprehensive; the default is 002) or from a JSON file
(--policy: {"profile": {...}, "clauses": {...}, "overrides": {...}}, the shape
"framekeeper policy import" writes) or from a practice's database (--db: the
version in force, or --version N, or --draft). --out - (the default) writes
to standard output.

Templates:
`

// maxPolicyFile bounds the JSON read with --policy.
const maxPolicyFile = 1 << 20

// policyFile is the JSON accepted by --policy: a policy, plus the fields that
// "policy import --explain" adds, which rendering ignores.
type policyFile struct {
	policy.Policy
	Evidence  json.RawMessage `json:"evidence,omitempty"`
	Conflicts json.RawMessage `json:"conflicts,omitempty"`
	Format    json.RawMessage `json:"format,omitempty"`
	Notes     json.RawMessage `json:"notes,omitempty"`
}

// cmdPolicyRender implements "framekeeper policy render".
func cmdPolicyRender(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("policy render", flag.ContinueOnError)
	format := fs.String("format", "md", "output format: md, html or pdf")
	out := fs.String("out", "-", "output file, - for standard output")
	tplID := fs.String("template", "", "built-in template: 000|university, 001|group, 002|comprehensive")
	file := fs.String("policy", "", "policy JSON file")
	dbURL := fs.String("db", "", "practice database: render its published policy")
	draft := fs.Bool("draft", false, "with --db: render the draft instead of a published version")
	signers := fs.Int("signers", 2, "client signature lines, when the policy asks for a signature")
	version := fs.Int("version", 0, "version number to print under the title")
	effective := fs.String("effective", "", "effective date to print under the title (YYYY-MM-DD)")
	fs.Usage = func() {
		fmt.Fprint(env.Stdout, policyRenderUsage)
		for _, t := range policy.Templates() {
			fmt.Fprintf(env.Stdout, "  %s  %-14s %s\n", t.Seed, t.ID, t.Name)
		}
		fmt.Fprintln(env.Stdout, "\nOptions:")
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return errors.New(framekeeper.ErrorMessage(err))
	}
	sources := 0
	for _, given := range []bool{*tplID != "", *file != "", *dbURL != ""} {
		if given {
			sources++
		}
	}
	if sources > 1 {
		return errors.New("give one of --template, --policy and --db")
	}
	if *draft && *dbURL == "" {
		return errors.New("--draft goes with --db")
	}
	if *signers < 1 || *signers > 20 {
		return errors.New("--signers must be between 1 and 20")
	}
	if *version < 0 {
		return errors.New("--version must not be negative")
	}
	opts := policy.DocumentOptions{Signers: *signers, Version: *version}
	if *effective != "" {
		t, err := time.Parse("2006-01-02", *effective)
		if err != nil {
			return fmt.Errorf("--effective %q is not a date like 2025-06-01", *effective)
		}
		opts.EffectiveAt = t
	}

	var p policy.Policy
	if *dbURL != "" {
		doc, err := policyFromDB(ctx, *dbURL, *version, *draft, opts)
		if err != nil {
			return err
		}
		return writeOutput(env, *out, func(w io.Writer) error {
			return render.Write(w, f, doc, render.Options{})
		})
	}
	if *file != "" {
		if p, err = readPolicyFile(env, *file); err != nil {
			return err
		}
	} else {
		id := *tplID
		if id == "" {
			id = policy.TemplateComprehensive
		}
		t, ok := policy.TemplateByID(id)
		if !ok {
			return fmt.Errorf("unknown template %q (want 000, 001 or 002)", id)
		}
		p = t.Policy
	}
	if err := p.Validate(); err != nil {
		return errors.New(framekeeper.ErrorMessage(err))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	doc := policy.NewDocument(p, opts)
	return writeOutput(env, *out, func(w io.Writer) error {
		return render.Write(w, f, doc, render.Options{})
	})
}

// readPolicyFile reads and decodes a policy JSON file ("-" for standard input).
func readPolicyFile(env *Env, name string) (policy.Policy, error) {
	var r io.Reader = env.Stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return policy.Policy{}, fmt.Errorf("cannot open %s: %w", name, unwrapPathError(err))
		}
		defer fh.Close()
		r = fh
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyFile+1))
	if err != nil {
		return policy.Policy{}, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if len(data) > maxPolicyFile {
		return policy.Policy{}, fmt.Errorf("%s is larger than %d bytes", name, maxPolicyFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt key would otherwise be silently ignored
	var pf policyFile
	if err := dec.Decode(&pf); err != nil {
		return policy.Policy{}, fmt.Errorf("%s is not a policy JSON file: %s", name, strings.TrimPrefix(err.Error(), "json: "))
	}
	return pf.Policy, nil
}

// writeOutput writes to standard output, or to a file by way of a temporary
// file renamed into place, so a failed rendering never leaves half a PDF.
func writeOutput(env *Env, name string, write func(io.Writer) error) error {
	if name == "-" || name == "" {
		return write(env.Stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, unwrapPathError(err))
	}
	return nil
}

// policyFromDB returns the document of a practice's published version (the
// one in force when n is 0) as it was frozen at publication, or of its draft.
func policyFromDB(ctx context.Context, dbURL string, n int, draft bool, opts policy.DocumentOptions) (policy.Document, error) {
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		return policy.Document{}, err
	}
	defer db.Close()
	ps := db.Policies()
	if draft {
		d, err := ps.Draft(ctx)
		if err != nil {
			return policy.Document{}, err
		}
		return policy.NewDocument(d.Policy, opts), nil
	}
	var v policy.Published
	if n > 0 {
		v, err = ps.VersionByNumber(ctx, n)
	} else {
		v, err = ps.Current(ctx)
	}
	if err != nil {
		return policy.Document{}, errors.New(framekeeper.ErrorMessage(err))
	}
	return v.Document, nil
}
