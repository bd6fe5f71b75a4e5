package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting, in one typed struct: defaults first, then the
// environment (FRAMEKEEPER_*), then flags. Secrets may come from a file
// named by the *_FILE variant of their variable.
type Config struct {
	DB             string
	Addr           string
	PublicURL      string
	SMTP           string
	MailFrom       string
	SMTPIntakeAddr string
	TwilioToken    string
	MetaAppSecret  string
	MetaVerify     string
	XSecret        string
	LogFormat      string
	AlertWebhook   string
	WebhookSecret  string
	MetricsToken   string
	Workers        int
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) on a
	// loopback address of its own, never on the public listener.
	DebugAddr string

	// Mail intake: the practice addresses and domains it accepts, LMTP
	// instead of SMTP, and an IMAP mailbox to poll.
	IntakeAddresses string
	SMTPIntakeLMTP  bool
	IMAPURL         string
	IMAPInterval    time.Duration
	// TwilioURL is the webhook URL as configured at Twilio when a proxy
	// rewrites it (default: the public URL + /hooks/twilio/sms).
	TwilioURL string
}

func defaultConfig() Config {
	return Config{DB: "sqlite:framekeeper.db", Addr: "127.0.0.1:8080", LogFormat: "text", Workers: 4}
}

// fromEnv applies the environment over the defaults.
func (c *Config) fromEnv(getenv func(string) string) error {
	str := func(dst *string, name string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	secret := func(dst *string, name string) error {
		if v := getenv(name); v != "" {
			*dst = v
		}
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("%s_FILE: %w", name, err)
			}
			*dst = strings.TrimSpace(string(b))
		}
		return nil
	}
	str(&c.DB, "FRAMEKEEPER_DB")
	str(&c.Addr, "FRAMEKEEPER_ADDR")
	str(&c.PublicURL, "FRAMEKEEPER_PUBLIC_URL")
	str(&c.SMTP, "FRAMEKEEPER_SMTP")
	str(&c.MailFrom, "FRAMEKEEPER_MAIL_FROM")
	str(&c.SMTPIntakeAddr, "FRAMEKEEPER_SMTP_INTAKE_ADDR")
	str(&c.IntakeAddresses, "FRAMEKEEPER_INTAKE_ADDRESSES")
	str(&c.TwilioURL, "FRAMEKEEPER_TWILIO_WEBHOOK_URL")
	c.SMTPIntakeLMTP = getenv("FRAMEKEEPER_SMTP_INTAKE_LMTP") == "true" || getenv("FRAMEKEEPER_SMTP_INTAKE_LMTP") == "1"
	if v := getenv("FRAMEKEEPER_IMAP_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 5*time.Second {
			return fmt.Errorf("FRAMEKEEPER_IMAP_INTERVAL must be a duration of at least 5s, like 1m")
		}
		c.IMAPInterval = d
	}
	str(&c.LogFormat, "FRAMEKEEPER_LOG_FORMAT")
	str(&c.AlertWebhook, "FRAMEKEEPER_ALERT_WEBHOOK_URL")
	str(&c.DebugAddr, "FRAMEKEEPER_DEBUG_ADDR")
	if v := getenv("FRAMEKEEPER_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 256 {
			return fmt.Errorf("FRAMEKEEPER_WORKERS must be a number from 1 to 256")
		}
		c.Workers = n
	}
	return errors.Join(
		secret(&c.TwilioToken, "FRAMEKEEPER_TWILIO_AUTH_TOKEN"),
		secret(&c.MetaAppSecret, "FRAMEKEEPER_META_APP_SECRET"),
		secret(&c.MetaVerify, "FRAMEKEEPER_META_VERIFY_TOKEN"),
		secret(&c.XSecret, "FRAMEKEEPER_X_CONSUMER_SECRET"),
		secret(&c.IMAPURL, "FRAMEKEEPER_IMAP_URL"),
		secret(&c.SMTP, "FRAMEKEEPER_SMTP"), // may carry a password
		secret(&c.WebhookSecret, "FRAMEKEEPER_ALERT_WEBHOOK_SECRET"),
		secret(&c.MetricsToken, "FRAMEKEEPER_METRICS_TOKEN"),
	)
}

// dbFlag and serverFlags register the flags that mirror the environment.
func (c *Config) dbFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database URL: sqlite:PATH or postgres://… (env FRAMEKEEPER_DB)")
}

func (c *Config) serverFlags(fs *flag.FlagSet) {
	c.dbFlag(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "HOST:PORT to listen on (env FRAMEKEEPER_ADDR)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "external base URL for links and webhook signatures (env FRAMEKEEPER_PUBLIC_URL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env FRAMEKEEPER_LOG_FORMAT)")
}

// validate checks the settings at start-up, so a typo fails at once.
func (c *Config) validate() error {
	if c.DB == "" {
		return errors.New("no database: set --db or FRAMEKEEPER_DB")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("listen address %q must be HOST:PORT", c.Addr)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("public URL %q must be an absolute http(s) URL", c.PublicURL)
		}
		c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	}
	if c.SMTP != "" {
		u, err := url.Parse(c.SMTP)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return errors.New("FRAMEKEEPER_SMTP must look like smtp://host:port")
		}
	}
	if c.AlertWebhook != "" {
		u, err := url.Parse(c.AlertWebhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("FRAMEKEEPER_ALERT_WEBHOOK_URL must be an http(s) URL")
		}
	}
	if c.DebugAddr != "" {
		host, _, err := net.SplitHostPort(c.DebugAddr)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			return fmt.Errorf("FRAMEKEEPER_DEBUG_ADDR %q must be a loopback HOST:PORT like 127.0.0.1:6060: profiles show request data", c.DebugAddr)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format must be text or json, not %q", c.LogFormat)
	}
	return nil
}

// newFlags makes a flag set for a subcommand whose help goes to stdout and
// whose errors come back as errors, not exits.
func newFlags(env *Env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fs.SetOutput(env.Stdout)
		fmt.Fprintf(env.Stdout, "Usage: framekeeper %s\n\n%s\n\nOptions:\n", synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and maps -h to errHelp, with the help printed once
// on stdout, and other failures to a one-line error for stderr. The flag
// package itself would print the help on every failure, and its own error
// line too, so both are silenced while it parses.
func parseFlags(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return errHelp
		}
		return fmt.Errorf("%v (see --help)", err)
	}
	return nil
}

// configFor returns the configuration from the environment, ready for
// flags to override.
func configFor(env *Env) (Config, error) {
	c := defaultConfig()
	return c, c.fromEnv(env.Getenv)
}
