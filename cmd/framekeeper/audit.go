package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/audit"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/exports"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
)

// maxExportFile bounds an export file read by the audit.
const maxExportFile = 64 << 20

// cmdAudit dispatches the audit subcommands.
func cmdAudit(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "connections" {
		return cmdAuditConnections(ctx, env, args[1:])
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(env.Stdout, "Usage: framekeeper audit connections --db URL --platform facebook|instagram|x|linkedin --owner practice|STAFF_EMAIL [--json] FILE")
		return errHelp
	}
	return fmt.Errorf("usage: framekeeper audit connections --db URL --platform P --owner practice|STAFF_EMAIL FILE")
}

// cmdAuditConnections reads a platform data export, finds the clients in
// it, submits each finding to triage (so the policy decides and the record
// shows it) and prints the report.
func cmdAuditConnections(ctx context.Context, env *Env, args []string) error {
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "audit connections", "audit connections --db URL --platform P --owner practice|STAFF_EMAIL [--json] FILE",
		"Checks a friends, followers, following or connections list downloaded from Facebook, Instagram, X or LinkedIn\nagainst the client roster. Each client found is recorded as an interaction and decided under the policy.")
	cfg.dbFlag(fs)
	platform := fs.String("platform", "", "facebook, instagram, x or linkedin (default: detect from the file)")
	owner := fs.String("owner", "", "whose account the export is from: practice, or a staff member's email")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("give exactly one export FILE (see --help)")
	}
	if _, err := audit.CheckOwner(*owner); err != nil {
		return fmt.Errorf("--owner: %s", framekeeper.ErrorMessage(err))
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxExportFile+1))
	f.Close()
	if err != nil {
		return err
	}
	if len(data) > maxExportFile {
		return fmt.Errorf("%s is larger than %d MiB", fs.Arg(0), maxExportFile>>20)
	}
	ex, err := exports.Parse(*platform, filepath.Base(fs.Arg(0)), data)
	if err != nil {
		return fmt.Errorf("%s: %s", fs.Arg(0), framekeeper.ErrorMessage(err))
	}
	db, err := storage.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := runAudit(ctx, db, ex, *owner, "command line", slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	printAudit(env.Stdout, report)
	return nil
}

// runAudit finds, submits and keeps one audit.
func runAudit(ctx context.Context, db *storage.DB, ex exports.Export, owner, by string, log *slog.Logger) (audit.Report, error) {
	owner, _ = audit.CheckOwner(owner)
	if owner != audit.Practice {
		if _, _, err := db.StaffCredentials(ctx, owner); err != nil {
			return audit.Report{}, fmt.Errorf("--owner: no staff member has the email %s", owner)
		}
	}
	resolver := resolve.NewResolver(db.Roster())
	r, err := audit.Find(ctx, ex, owner, resolver.Resolve)
	if err != nil {
		return r, err
	}
	pl := &intake.Pipeline{Store: db, Context: storage.TriageContext{DB: db}, Resolve: resolver.Resolve,
		Detector: detect.Default(), Log: log, Workers: 1}
	audit.Submit(ctx, &r, pl.Submit)
	r.CreatedBy = by
	if err := db.SaveAudit(ctx, &r); err != nil {
		return r, err
	}
	if len(r.Errors) > 0 {
		return r, fmt.Errorf("%d findings could not be recorded: %s", len(r.Errors), r.Errors[0])
	}
	return r, nil
}

func printAudit(w io.Writer, r audit.Report) {
	who := "the practice's account"
	if r.Owner != audit.Practice {
		who = r.Owner
	}
	fmt.Fprintf(w, "%s %s of %s: %d people, %d clients found\n", strings.ToUpper(r.Platform[:1])+r.Platform[1:], r.ListKind, who, r.People, len(r.Findings))
	for _, f := range r.Findings {
		name := f.Person.Name
		if name == "" {
			name = f.Person.Handle
		}
		fmt.Fprintf(w, "- %s (%s client, %s match): %s → %s\n", name, f.Relationship, f.Match, strings.ReplaceAll(f.Finding, "_", " "), joinActions(f))
		if f.Explanation != "" {
			fmt.Fprintf(w, "  %s\n", f.Explanation)
		}
	}
}

func joinActions(f audit.Finding) string {
	s := make([]string, len(f.Actions))
	for i, a := range f.Actions {
		s[i] = string(a)
	}
	if len(s) == 0 {
		return "recorded"
	}
	return strings.Join(s, ", ")
}
