// Package mail sends email through the practice's SMTP server: alerts to
// the on-call person, replies, signing links and notices. Messages are
// composed with go-message (MIME, encoded headers) and sent with go-smtp
// (STARTTLS when the server offers it, AUTH PLAIN when the URL has a user).
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one email to send. Headers carries extra headers such as
// In-Reply-To, References and Auto-Submitted.
type Message struct {
	To        []string
	Subject   string
	Text      string
	MessageID string // set by Compose when empty
	Headers   map[string]string
}

// Sender delivers mail through one SMTP server.
type Sender struct {
	addr      string
	implicit  bool   // smtps://: TLS from the first byte
	starttls  string // "required", "off", or "" (use it when offered)
	user      string
	password  string
	from      *mail.Address
	hostname  string
	tlsConfig *tls.Config
	timeout   time.Duration
}

// NewSender parses FRAMEKEEPER_SMTP (smtp://[user:pass@]host:port or
// smtps://…) and FRAMEKEEPER_MAIL_FROM.
func NewSender(rawURL, from string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
		return nil, errors.New("SMTP URL must look like smtp://host:port")
	}
	addr := u.Host
	if u.Port() == "" {
		port := "25"
		if u.Scheme == "smtps" {
			port = "465"
		}
		addr = net.JoinHostPort(u.Hostname(), port)
	}
	if from == "" {
		from = "Framekeeper <framekeeper@localhost>"
	}
	fa, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail from address %q: %w", from, err)
	}
	s := &Sender{addr: addr, implicit: u.Scheme == "smtps", from: fa, hostname: "localhost", timeout: 30 * time.Second,
		tlsConfig: &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}}
	switch v := u.Query().Get("starttls"); v {
	case "", "required", "off":
		s.starttls = v
	default:
		return nil, errors.New("SMTP URL option starttls must be required or off")
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	if at := strings.LastIndex(fa.Address, "@"); at >= 0 {
		s.hostname = fa.Address[at+1:]
	}
	return s, nil
}

// From is the sender address.
func (s *Sender) From() string { return s.from.Address }

// Compose renders a message as RFC 5322 bytes.
func (s *Sender) Compose(m *Message) ([]byte, error) {
	if len(m.To) == 0 {
		return nil, errors.New("message has no recipient")
	}
	var h mail.Header
	h.SetDate(time.Now())
	h.SetAddressList("From", []*mail.Address{s.from})
	var to []*mail.Address
	for _, r := range m.To {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return nil, fmt.Errorf("recipient %q: %w", r, err)
		}
		to = append(to, a)
	}
	h.SetAddressList("To", to)
	h.SetSubject(m.Subject)
	if m.MessageID == "" {
		b := make([]byte, 12)
		rand.Read(b)
		m.MessageID = hex.EncodeToString(b) + "@" + s.hostname
	}
	h.SetMessageID(strings.Trim(m.MessageID, "<>"))
	for k, v := range m.Headers {
		if v != "" {
			h.Set(k, v)
		}
	}
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	var buf bytes.Buffer
	w, err := mail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, m.Text); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Send composes and delivers a message.
func (s *Sender) Send(ctx context.Context, m *Message) error {
	body, err := s.Compose(m)
	if err != nil {
		return err
	}
	var to []string
	for _, r := range m.To {
		a, _ := mail.ParseAddress(r)
		to = append(to, a.Address)
	}
	return s.deliver(ctx, to, body)
}

func (s *Sender) deliver(ctx context.Context, to []string, body []byte) error {
	useTLS := s.starttls == "required"
	if !s.implicit && s.starttls == "" {
		// Opportunistic STARTTLS: ask what the server offers first.
		offered, err := s.offersStartTLS(ctx)
		if err != nil {
			return err
		}
		useTLS = offered
	}
	conn, err := s.dial(ctx)
	if err != nil {
		return err
	}
	var c *smtp.Client
	switch {
	case s.implicit:
		c = smtp.NewClient(tls.Client(conn, s.tlsConfig))
	case useTLS:
		if c, err = smtp.NewClientStartTLS(conn, s.tlsConfig); err != nil {
			conn.Close()
			return fmt.Errorf("SMTP STARTTLS: %w", err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if err := c.Hello(s.hostname); err != nil {
		return fmt.Errorf("SMTP hello: %w", err)
	}
	if s.user != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.password)); err != nil {
			return fmt.Errorf("SMTP authentication: %w", err)
		}
	}
	if err := c.SendMail(s.from.Address, to, bytes.NewReader(body)); err != nil {
		return fmt.Errorf("SMTP send: %w", err)
	}
	return c.Quit()
}

func (s *Sender) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: s.timeout}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, fmt.Errorf("connect to SMTP server %s: %w", s.addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(2 * s.timeout))
	}
	return conn, nil
}

func (s *Sender) offersStartTLS(ctx context.Context) (bool, error) {
	conn, err := s.dial(ctx)
	if err != nil {
		return false, err
	}
	c := smtp.NewClient(conn)
	defer c.Close()
	if err := c.Hello(s.hostname); err != nil {
		return false, fmt.Errorf("SMTP hello: %w", err)
	}
	ok, _ := c.Extension("STARTTLS")
	c.Quit()
	return ok, nil
}
