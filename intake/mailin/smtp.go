package mailin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/framekeeper/framekeeper"
)

// Listener is the SMTP (or LMTP) server mail is forwarded into.
type Listener struct {
	Intake *Intake
	// Domain is the name the server greets with.
	Domain string
	// LMTP serves LMTP (RFC 2033) instead of SMTP, for a local MTA.
	LMTP bool
	// SubmitTimeout bounds how long one message may take to store.
	SubmitTimeout time.Duration

	srv *smtp.Server
}

// Serve accepts connections on ln until Close.
func (l *Listener) Serve(ln net.Listener) error {
	s := smtp.NewServer(backend{l})
	s.Domain = l.Domain
	if s.Domain == "" {
		s.Domain = "localhost"
	}
	s.LMTP = l.LMTP
	s.MaxMessageBytes = l.Intake.maxBytes()
	s.MaxRecipients = 50
	s.ReadTimeout, s.WriteTimeout = 60*time.Second, 60*time.Second
	s.ErrorLog = logAdapter{l}
	l.srv = s
	err := s.Serve(ln)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server.
func (l *Listener) Close() error {
	if l.srv == nil {
		return nil
	}
	return l.srv.Close()
}

type logAdapter struct{ l *Listener }

func (a logAdapter) Printf(format string, v ...any) {
	if a.l.Intake.Log != nil {
		a.l.Intake.Log.Warn("SMTP intake", "detail", strings.TrimSpace(fmt.Sprintf(format, v...)))
	}
}

func (a logAdapter) Println(v ...any) { a.Printf("%v", v...) }

type backend struct{ l *Listener }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{l: b.l}, nil
}

// session is one SMTP conversation: MAIL FROM, RCPT TO (each checked
// against the practice's addresses), DATA.
type session struct {
	l     *Listener
	from  string
	rcpts []string
}

func (s *session) Reset()        { s.from, s.rcpts = "", nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	if from == "" {
		s.from = "<>" // the null reverse-path of a bounce
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.l.Intake.Recipients.Accepts(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox here"}
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

// Data reads the message and answers only once it is stored: a 4xx makes
// the sending server retry, so a failure here never loses mail.
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(io.LimitReader(r, s.l.Intake.maxBytes()+1))
	if err != nil {
		if errors.Is(err, smtp.ErrDataTooLarge) {
			return smtp.ErrDataTooLarge
		}
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Could not read the message; try again later"}
	}
	if int64(len(raw)) > s.l.Intake.maxBytes() {
		return smtp.ErrDataTooLarge
	}
	timeout := s.l.SubmitTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rcpt := ""
	if len(s.rcpts) > 0 {
		rcpt = s.rcpts[0]
	}
	st, err := s.l.Intake.Deliver(ctx, s.from, rcpt, raw)
	if err != nil {
		if permanent(err) {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: framekeeper.ErrorMessage(err)}
		}
		if s.l.Intake.Log != nil {
			s.l.Intake.Log.Error("Mail intake failed; the sender will retry", "error", err)
		}
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure; try again later"}
	}
	if s.l.Intake.Log != nil {
		s.l.Intake.Log.Info("Mail received", "interaction_id", st.ID, "status", st.Status)
	}
	return nil
}
