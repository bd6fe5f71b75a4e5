// Package mailtest runs a real SMTP server (emersion/go-smtp) on a loopback
// port for tests, keeping every message it receives.
package mailtest

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
)

// Received is one delivered message.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server that accepts everything.
type Server struct {
	Addr string
	mu   sync.Mutex
	msgs []Received
	// Reject makes the server refuse mail, to test retries.
	reject bool
}

// Start runs a server until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return s
}

// URL is the FRAMEKEEPER_SMTP value for this server.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// SetReject makes the server refuse (true) or accept (false) mail.
func (s *Server) SetReject(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = v
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// WaitFor waits until a message to rcpt arrives whose data contains want.
func (s *Server) WaitFor(tb testing.TB, rcpt, want string, within time.Duration) Received {
	tb.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, m := range s.Messages() {
			for _, to := range m.To {
				if strings.EqualFold(to, rcpt) && (bytes.Contains(m.Data, []byte(want)) || strings.Contains(Decoded(m.Data), want)) {
					return m
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	var got []string
	for _, m := range s.Messages() {
		got = append(got, string(m.Data))
	}
	tb.Fatalf("no message to %s containing %q within %s; got %d messages:\n%s", rcpt, want, within, len(got), strings.Join(got, "\n----\n"))
	return Received{}
}

// Decoded returns a message's headers and text parts with their transfer
// encodings undone (quoted-printable soft breaks, base64), for assertions.
func Decoded(data []byte) string {
	mr, err := mail.CreateReader(bytes.NewReader(data))
	if err != nil {
		return string(data)
	}
	var b strings.Builder
	for f := mr.Header.Fields(); f.Next(); {
		v, err := f.Text()
		if err != nil {
			v = f.Value()
		}
		b.WriteString(f.Key() + ": " + v + "\n")
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		body, _ := io.ReadAll(p.Body)
		b.Write(body)
		b.WriteString("\n")
	}
	return b.String()
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (ss *session) AuthPlain(username, password string) error { return nil }

func (ss *session) Mail(from string, opts *smtp.MailOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.reject {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.msgs = append(ss.s.msgs, Received{From: ss.from, To: append([]string(nil), ss.to...), Data: b})
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }
