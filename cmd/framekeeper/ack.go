package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
)

// cmdAck dispatches the acknowledgment subcommands.
func cmdAck(ctx context.Context, env *Env, args []string) error {
	const usage = "framekeeper ack status --db URL [--json]"
	if len(args) == 0 || args[0] != "status" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stdout, "Usage: "+usage)
			return errHelp
		}
		return fmt.Errorf("usage: %s", usage)
	}
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "ack status", "ack status --db URL [--json]",
		"Prints every current client's standing against the policy version in force: counts by status\n(pending, signed, needs_reacknowledgment, expired, revoked, missing), then the clients that need attention.")
	cfg.dbFlag(fs)
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	// The command runs on the server's own machine with its database: it
	// reads as an administrator would.
	actor := framekeeper.Actor{Name: "framekeeper ack status", Role: framekeeper.RoleAdmin}
	rep, err := db.Acks(nil, nil).Status(ctx, actor)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	if rep.PolicyVersion == 0 {
		fmt.Fprintln(env.Stdout, "No version of the policy has been published yet.")
	} else {
		fmt.Fprintf(env.Stdout, "Policy version %d, %d current clients\n", rep.PolicyVersion, len(rep.Clients))
	}
	for _, st := range []ack.Status{ack.StatusSigned, ack.StatusPending, ack.StatusNeedsReack, ack.StatusExpired, ack.StatusRevoked, ack.StatusMissing} {
		fmt.Fprintf(env.Stdout, "  %-24s %d\n", st, rep.Counts[st])
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 8, 2, ' ', 0)
	header := false
	for _, c := range rep.Clients {
		if c.Status == ack.StatusSigned && !c.AwaitingCounter && !c.DeliveryFailed {
			continue
		}
		if !header {
			fmt.Fprintln(env.Stdout, "\nNeeds attention:")
			fmt.Fprintln(tw, "CLIENT\tID\tSTATUS\tVERSION\tNOTES")
			header = true
		}
		var notes []string
		if c.Overdue {
			notes = append(notes, "overdue")
		}
		if c.AwaitingCounter {
			notes = append(notes, "awaiting countersignature")
		}
		if c.DeliveryFailed {
			notes = append(notes, "email failing")
		}
		if c.PaperRequested {
			notes = append(notes, "asked for paper")
		}
		v := "-"
		if c.Version > 0 {
			v = fmt.Sprint(c.Version)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, c.ClientID, c.Status, v, strings.Join(notes, ", "))
	}
	return tw.Flush()
}
