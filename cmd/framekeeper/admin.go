package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/storage"
)

// openDB opens the configured database for an administration command.
func openDB(ctx context.Context, cfg Config) (*storage.DB, error) {
	if cfg.DB == "" {
		return nil, fmt.Errorf("no database: set --db or FRAMEKEEPER_DB")
	}
	return storage.Open(ctx, cfg.DB)
}

// onlyCreate checks that a command with a single "create" subcommand got
// it, printing the usage for -h.
func onlyCreate(env *Env, args []string, usage string) error {
	if len(args) > 0 && args[0] == "create" {
		return nil
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(env.Stdout, "Usage: "+usage)
		return errHelp
	}
	return fmt.Errorf("usage: %s", usage)
}

func cmdToken(ctx context.Context, env *Env, args []string) error {
	if err := onlyCreate(env, args, "framekeeper token create --db URL --role ROLE [--staff EMAIL]"); err != nil {
		return err
	}
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "token create", "token create --db URL --role ROLE [--staff EMAIL]",
		"Prints a new API bearer token, and nothing else on stdout. The token acts as the staff member named by\n--staff, who must have the role; without --staff, a new integration account with the role is created\n(a therapist integration sees only the clients assigned to it).")
	cfg.dbFlag(fs)
	role := fs.String("role", "", "admin, supervisor, therapist or front_desk (required)")
	staffEmail := fs.String("staff", "", "email of the staff member the token acts for")
	name := fs.String("name", "", "name of a new integration account (default: API (ROLE))")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	r := framekeeper.Role(*role)
	if !r.Valid() {
		return fmt.Errorf("--role must be admin, supervisor, therapist or front_desk")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.EnsurePractice(ctx, "My Practice"); err != nil {
		return err
	}
	var st *framekeeper.Staff
	if *staffEmail != "" {
		s, _, err := db.StaffCredentials(ctx, strings.ToLower(*staffEmail))
		if err != nil {
			return fmt.Errorf("no staff member with email %s", *staffEmail)
		}
		if s.Role != r {
			return fmt.Errorf("%s has role %s, not %s", s.Email, s.Role, r)
		}
		st = s
	} else {
		n := *name
		if n == "" {
			n = "API (" + strings.ReplaceAll(string(r), "_", " ") + ")"
		}
		// A unique address for the integration account; it cannot log in.
		id := strings.ToLower(auth.NewSecret("")[:10])
		id = strings.NewReplacer("-", "x", "_", "y").Replace(id)
		st = &framekeeper.Staff{Name: n, Email: "api-" + id + "@integrations.invalid", Role: r}
		if err := db.CreateStaff(ctx, st, ""); err != nil {
			return err
		}
	}
	token := auth.NewSecret("fk_")
	if _, err := db.CreateAPIToken(ctx, auth.HashSecret(token), st.ID); err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, token)
	return err
}

func cmdVerify(ctx context.Context, env *Env, args []string) error {
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "verify", "verify --db URL", "Checks every client's chart chain. Exits 0 when all are intact; otherwise names the first\nentry that was altered, removed or reordered and exits 1.")
	cfg.dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, p, err := db.VerifyRecords(ctx)
	if err != nil {
		return err
	}
	if p != nil {
		return fmt.Errorf("chain broken: %s", p.Error())
	}
	_, err = fmt.Fprintf(env.Stdout, "ok: %d chart entries verified, every chain intact\n", n)
	return err
}

func cmdBackup(ctx context.Context, env *Env, args []string) error {
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "backup", "backup --db URL FILE", "Writes a consistent copy of the database to FILE while the server runs (SQLite: VACUUM INTO).\nFor PostgreSQL it runs pg_dump when installed, and otherwise prints the pg_dump command to use.")
	cfg.dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("name one output FILE (see --help)")
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; choose a new file name", out)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.IsPostgres() {
		dump := []string{"pg_dump", "--format=custom", "--file=" + out, cfg.DB}
		if _, err := exec.LookPath("pg_dump"); err != nil {
			fmt.Fprintf(env.Stdout, "pg_dump --format=custom --file=%q %q\n", out, redactURL(cfg.DB))
			return fmt.Errorf("pg_dump is not installed; run the command above where it is")
		}
		cmd := exec.CommandContext(ctx, dump[0], dump[1:]...)
		cmd.Stderr = env.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_dump: %w", err)
		}
		fmt.Fprintf(env.Stdout, "backup written to %s (pg_restore format)\n", out)
		return nil
	}
	if err := db.Backup(ctx, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = fmt.Fprintf(env.Stdout, "backup written to %s\n", out)
	return err
}

func cmdStaff(ctx context.Context, env *Env, args []string) error {
	if err := onlyCreate(env, args, "framekeeper staff create --db URL --name NAME --email EMAIL --role ROLE (password on stdin)"); err != nil {
		return err
	}
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "staff create", "staff create --db URL --name NAME --email EMAIL --role ROLE",
		"Adds a staff member who can sign in to the console. The password is read from the first line of stdin.")
	cfg.dbFlag(fs)
	name := fs.String("name", "", "full name")
	email := fs.String("email", "", "email, used to sign in")
	role := fs.String("role", "therapist", "admin, supervisor, therapist or front_desk")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("give the password on stdin")
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"), auth.DefaultParams)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.EnsurePractice(ctx, "My Practice"); err != nil {
		return err
	}
	st := &framekeeper.Staff{Name: *name, Email: *email, Role: framekeeper.Role(*role)}
	if err := db.CreateStaff(ctx, st, hash); err != nil {
		return fmt.Errorf("%s", framekeeper.ErrorMessage(err))
	}
	_, err = fmt.Fprintln(env.Stdout, st.ID)
	return err
}
