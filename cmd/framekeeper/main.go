// Command framekeeper is the single binary: server, demo, and the offline
// tools practices and acceptance checks use. main only wires; each subcommand
// lives in a file of its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Env is what a subcommand may touch of the outside world, so tests can run
// commands in-process with their own streams and environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand: a one-line summary for the usage text and the
// function that runs it with the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":     {"Run the server (API, console, public pages, intake)", cmdServe},
		"demo":      {"Create a demo practice and serve it", cmdDemo},
		"token":     {"token create: print a new API token for a role", cmdToken},
		"client":    {"client create|list|show|update: manage the roster", cmdClient},
		"staff":     {"staff create: add a staff member who can sign in", cmdStaff},
		"audit":     {"audit connections: check a platform data export against the roster", cmdAudit},
		"verify":    {"Check every client's chart chain for tampering", cmdVerify},
		"ack":       {"ack status: who has acknowledged the policy in force", cmdAck},
		"backup":    {"Write a consistent copy of the database", cmdBackup},
		"version":   {"Print the version", cmdVersion},
		"triage":    {"Decide interactions (JSON Lines) offline against a policy and roster", cmdTriage},
		"classify":  {"Read messages (JSON Lines) and flag crisis, clinical and administrative content", cmdClassify},
		"lint-post": {"Check therapists' draft posts (JSON Lines) for client references, solicitation, PHI, venting", cmdLintPost},
		"policy":    {"policy import FILE | policy render: read a prose policy, or write the client document", cmdPolicy},
	}
}

// cmdPolicy dispatches the policy subcommands.
func cmdPolicy(ctx context.Context, env *Env, args []string) error {
	sub := map[string]func(context.Context, *Env, []string) error{"import": cmdPolicyImport, "render": cmdPolicyRender}
	if len(args) > 0 {
		if f, ok := sub[args[0]]; ok {
			return f(ctx, env, args[1:])
		}
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(env.Stdout, "Usage: framekeeper policy import FILE | framekeeper policy render --format md|html|pdf --out FILE")
			return errHelp
		}
	}
	return fmt.Errorf("usage: framekeeper policy import FILE | policy render --format md|html|pdf --out FILE")
}

// errHelp is returned after a command has printed its own help.
var errHelp = errors.New("help requested")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into one line on stderr
// and an exit code.
func run(ctx context.Context, env *Env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "framekeeper: unknown command %q (see framekeeper --help)\n", args[0])
		return 2
	}
	if err := cmd.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, errHelp) {
			return 0
		}
		fmt.Fprintf(env.Stderr, "framekeeper %s: %s\n", args[0], oneLine(err.Error()))
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Usage: framekeeper COMMAND [options]\n\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'framekeeper COMMAND --help' for a command's options.")
}

// oneLine folds an error message onto a single line, as the contract asks.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
