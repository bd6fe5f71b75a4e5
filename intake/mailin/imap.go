package mailin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/framekeeper/framekeeper"
)

// Account is an IMAP mailbox to poll, from a URL such as
// imaps://user:pass@host:993/INBOX. imaps is TLS from the start; imap
// uses STARTTLS, except on a loopback address (a local bridge, a test
// server), where it may be plain.
type Account struct {
	TLS      bool
	Host     string // host:port
	User     string
	Password string
	Mailbox  string
}

// ParseIMAPURL reads an IMAP URL.
func ParseIMAPURL(s string) (Account, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "imap" && u.Scheme != "imaps") || u.Host == "" || u.User == nil {
		return Account{}, framekeeper.Invalid("imap_url", "The IMAP URL must look like imaps://user:password@host:993/INBOX.")
	}
	a := Account{TLS: u.Scheme == "imaps", Host: u.Host, User: u.User.Username(), Mailbox: strings.Trim(u.Path, "/")}
	a.Password, _ = u.User.Password()
	if a.Mailbox == "" {
		a.Mailbox = "INBOX"
	}
	if u.Port() == "" {
		port := "143"
		if a.TLS {
			port = "993"
		}
		a.Host = net.JoinHostPort(u.Hostname(), port)
	}
	if a.User == "" {
		return Account{}, framekeeper.Invalid("imap_url", "The IMAP URL names no user.")
	}
	return a, nil
}

// Key names the mailbox in the cursor table (no password).
func (a Account) Key() string { return a.User + "@" + a.Host + "/" + a.Mailbox }

// Redacted is the URL with the password hidden, for the channels page.
func (a Account) Redacted() string {
	scheme := "imap"
	if a.TLS {
		scheme = "imaps"
	}
	return scheme + "://" + url.User(a.User).String() + ":•••@" + a.Host + "/" + a.Mailbox
}

// Cursors remember where polling stopped in each mailbox (storage.DB).
type Cursors interface {
	MailCursor(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, ok bool, err error)
	SaveMailCursor(ctx context.Context, mailbox string, uidValidity, lastUID uint32) error
}

// Poller takes new messages from a mailbox into the pipeline. It never
// changes the mailbox (read-only select, BODY.PEEK): the practice's own
// mail client still sees every message as it was. The UIDVALIDITY and the
// last UID taken are kept in the database, so nothing is taken twice or
// missed across restarts; when UIDVALIDITY changes the mailbox is read
// again from the start and Message-ID de-duplication keeps repeats out.
type Poller struct {
	Account  Account
	Intake   *Intake
	Cursors  Cursors
	Interval time.Duration // between polls; a minute when 0
	TLS      *tls.Config   // nil: system roots
	Log      *slog.Logger
}

func (p *Poller) dial(ctx context.Context) (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: p.TLS}
	d := net.Dialer{Timeout: 20 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", p.Account.Host)
	if err != nil {
		return nil, err
	}
	// A stuck server must not hang the poller for ever.
	conn.SetDeadline(time.Now().Add(5 * time.Minute))
	host, _, _ := net.SplitHostPort(p.Account.Host)
	var c *imapclient.Client
	switch {
	case p.Account.TLS:
		cfg := &tls.Config{ServerName: host}
		if p.TLS != nil {
			cfg = p.TLS.Clone()
			if cfg.ServerName == "" {
				cfg.ServerName = host
			}
		}
		c = imapclient.New(tls.Client(conn, cfg), opts)
	case isLoopback(host):
		c = imapclient.New(conn, opts)
	default:
		if c, err = imapclient.NewStartTLS(conn, opts); err != nil {
			conn.Close()
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if err := c.Login(p.Account.User, p.Account.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("IMAP login: %w", err)
	}
	return c, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Check logs in and selects the mailbox, for the channels page's test.
func (p *Poller) Check(ctx context.Context) (messages uint32, err error) {
	c, err := p.dial(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	data, err := c.Select(p.Account.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return 0, fmt.Errorf("select %s: %w", p.Account.Mailbox, err)
	}
	c.Logout().Wait()
	return data.NumMessages, nil
}

// Poll takes every message not taken before and returns how many it
// submitted. It stops at the first message that could not be stored,
// leaving it for the next poll; a message that cannot be read at all is
// logged and passed over, so one bad message does not block the mailbox.
func (p *Poller) Poll(ctx context.Context) (int, error) {
	c, err := p.dial(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	data, err := c.Select(p.Account.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return 0, fmt.Errorf("select %s: %w", p.Account.Mailbox, err)
	}
	key := p.Account.Key()
	validity, last, ok, err := p.Cursors.MailCursor(ctx, key)
	if err != nil {
		return 0, err
	}
	if ok && validity != data.UIDValidity {
		p.log().Warn("IMAP mailbox renumbered (UIDVALIDITY changed); reading it again", "mailbox", key)
		last = 0
	}
	if data.NumMessages == 0 {
		return 0, p.Cursors.SaveMailCursor(ctx, key, data.UIDValidity, last)
	}
	// "last+1:*" always returns at least the newest message, even when it
	// was taken already; UIDs at or below last are skipped below.
	list, err := c.Fetch(imap.UIDSet{{Start: imap.UID(last + 1), Stop: 0}}, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return 0, fmt.Errorf("list messages: %w", err)
	}
	n := 0
	for _, m := range list {
		if uint32(m.UID) <= last {
			continue
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if m.RFC822Size > p.Intake.maxBytes() {
			p.log().Warn("IMAP message too large; passed over", "mailbox", key, "uid", uint32(m.UID), "size", m.RFC822Size)
		} else if err := p.take(ctx, c, m.UID); err != nil {
			if !permanent(err) {
				return n, err
			}
			p.log().Warn("IMAP message unreadable; passed over", "mailbox", key, "uid", uint32(m.UID), "error", err)
		} else {
			n++
		}
		last = uint32(m.UID)
		if err := p.Cursors.SaveMailCursor(ctx, key, data.UIDValidity, last); err != nil {
			return n, err
		}
	}
	if !ok || validity != data.UIDValidity {
		if err := p.Cursors.SaveMailCursor(ctx, key, data.UIDValidity, last); err != nil {
			return n, err
		}
	}
	c.Logout().Wait()
	return n, nil
}

func (p *Poller) take(ctx context.Context, c *imapclient.Client, uid imap.UID) error {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return fmt.Errorf("fetch message %d: %w", uid, err)
	}
	if len(msgs) == 0 {
		return nil // expunged meanwhile
	}
	raw := msgs[0].FindBodySection(section)
	// The envelope sender of a stored message is its Return-Path, which
	// mailparse reads; the mailbox itself is the recipient.
	_, err = p.Intake.Deliver(ctx, "", p.Account.User, raw)
	return err
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) {
	interval := p.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	for {
		n, err := p.Poll(ctx)
		switch {
		case err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled):
			p.log().Error("IMAP poll failed; will try again", "mailbox", p.Account.Key(), "error", err)
		case n > 0:
			p.log().Info("IMAP messages taken in", "mailbox", p.Account.Key(), "count", n)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.New(slog.DiscardHandler)
}
