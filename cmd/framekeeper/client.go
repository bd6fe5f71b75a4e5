package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os/user"
	"strings"
	"text/tabwriter"

	"github.com/framekeeper/framekeeper"
)

const clientUsage = `Usage: framekeeper client create --db URL --name NAME [--status S] [--email E]… [--phone P]… [--handle PLATFORM:HANDLE]… [--therapist EMAIL]
       framekeeper client list   --db URL [--q TEXT] [--status S] [--limit N] [--json]
       framekeeper client show   --db URL ID
       framekeeper client update --db URL ID [--name NAME] [--status S] [--email E]… [--phone P]… [--handle PLATFORM:HANDLE]…

Manages the client roster from the command line, acting as an administrator
(the access log records the operating-system user). Identities given to
update replace the client's list.
`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// cliActor is who the command line acts as: an administrator, named after
// the operating-system user for the access log.
func cliActor() framekeeper.Actor {
	name := "command line"
	if u, err := user.Current(); err == nil {
		name = "command line (" + u.Username + ")"
	}
	return framekeeper.Actor{StaffID: "cli", Name: name, Role: framekeeper.RoleAdmin}
}

func cmdClient(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("name a subcommand: create, list, show or update (see --help)")
	}
	if args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, clientUsage)
		return errHelp
	}
	sub, args := args[0], args[1:]
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("client "+sub, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(env.Stdout, clientUsage) }
	cfg.dbFlag(fs)
	var emails, phones, handles listFlag
	name := fs.String("name", "", "full name")
	status := fs.String("status", "", "current, former or prospective")
	therapist := fs.String("therapist", "", "email of the assigned therapist")
	q := fs.String("q", "", "search names and identities")
	limit := fs.Int("limit", 50, "how many to list")
	asJSON := fs.Bool("json", false, "list as JSON")
	fs.Var(&emails, "email", "an email address (repeatable)")
	fs.Var(&phones, "phone", "a phone number (repeatable)")
	fs.Var(&handles, "handle", "PLATFORM:HANDLE, platform facebook, instagram, x or linkedin (repeatable)")
	// Flags may follow the positional ID.
	var positional []string
	for len(args) > 0 {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	ids, err := identitiesFrom(emails, phones, handles)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a := cliActor()
	therapistID := ""
	if *therapist != "" {
		st, _, err := db.StaffCredentials(ctx, strings.ToLower(*therapist))
		if err != nil {
			return fmt.Errorf("no staff member with email %s", *therapist)
		}
		therapistID = st.ID
	}
	out := json.NewEncoder(env.Stdout)
	out.SetIndent("", "  ")
	switch sub {
	case "create":
		c := &framekeeper.Client{Name: *name, Status: framekeeper.ClientStatus(*status), TherapistID: therapistID, Identities: ids}
		if err := db.CreateClient(ctx, a, c); err != nil {
			return fmt.Errorf("%s", framekeeper.ErrorMessage(err))
		}
		return out.Encode(c)
	case "list":
		cs, total, err := db.FindClients(ctx, a, framekeeper.ClientFilter{Query: *q, Status: framekeeper.ClientStatus(*status), Limit: *limit})
		if err != nil {
			return fmt.Errorf("%s", framekeeper.ErrorMessage(err))
		}
		if *asJSON {
			return out.Encode(cs)
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSTATUS\tIDENTITIES")
		for _, c := range cs {
			var vals []string
			for _, id := range c.Identities {
				vals = append(vals, string(id.Kind)+":"+id.Value)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, c.Name, c.Status, strings.Join(vals, " "))
		}
		fmt.Fprintf(tw, "(%d of %d)\n", len(cs), total)
		return tw.Flush()
	case "show", "update":
		if len(positional) != 1 {
			return fmt.Errorf("client %s takes one client ID", sub)
		}
		if sub == "show" {
			c, err := db.FindClientByID(ctx, a, positional[0])
			if err != nil {
				return fmt.Errorf("%s", framekeeper.ErrorMessage(err))
			}
			return out.Encode(c)
		}
		var u framekeeper.ClientUpdate
		if *name != "" {
			u.Name = name
		}
		if *status != "" {
			st := framekeeper.ClientStatus(*status)
			u.Status = &st
		}
		if therapistID != "" {
			u.TherapistID = &therapistID
		}
		if len(ids) > 0 {
			u.Identities = &ids
		}
		c, err := db.UpdateClient(ctx, a, positional[0], u)
		if err != nil {
			return fmt.Errorf("%s", framekeeper.ErrorMessage(err))
		}
		return out.Encode(c)
	}
	return fmt.Errorf("unknown subcommand %q: use create, list, show or update", sub)
}

func identitiesFrom(emails, phones, handles []string) ([]framekeeper.Identity, error) {
	var ids []framekeeper.Identity
	for _, e := range emails {
		ids = append(ids, framekeeper.Identity{Kind: framekeeper.IdentityEmail, Value: e})
	}
	for _, p := range phones {
		ids = append(ids, framekeeper.Identity{Kind: framekeeper.IdentityPhone, Value: p})
	}
	for _, h := range handles {
		platform, handle, ok := strings.Cut(h, ":")
		if !ok {
			return nil, fmt.Errorf("--handle %q must be PLATFORM:HANDLE", h)
		}
		ids = append(ids, framekeeper.Identity{Kind: framekeeper.IdentityKind(strings.ToLower(platform)), Value: handle})
	}
	return ids, nil
}
