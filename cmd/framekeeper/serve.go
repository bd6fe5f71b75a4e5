package main

import (
	"context"
	"net/url"
	"runtime/debug"
	"strings"
)

func cmdServe(ctx context.Context, env *Env, args []string) error {
	cfg, err := configFor(env)
	if err != nil {
		return err
	}
	fs := newFlags(env, "serve", "serve [--db URL] [--addr HOST:PORT]",
		"Runs the server: API, staff console, public pages and intake. Stops cleanly on SIGTERM or Ctrl-C.")
	cfg.serverFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	app := NewApp(cfg, env.Stderr)
	defer app.Close()
	if err := app.Open(ctx); err != nil {
		return err
	}
	return app.Run(ctx)
}

func cmdVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "version", "version", "Prints the version of this binary.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, err := env.Stdout.Write([]byte("framekeeper " + version() + "\n"))
	return err
}

// version is the module version, or the VCS revision of a development build.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev-" + rev
}

// redactURL drops any password from a database URL before it is logged.
func redactURL(raw string) string {
	if !strings.Contains(raw, "://") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
