package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake/mailin"
	"github.com/framekeeper/framekeeper/intake/meta"
	"github.com/framekeeper/framekeeper/intake/twilio"
	"github.com/framekeeper/framekeeper/intake/xapi"
	"github.com/framekeeper/framekeeper/mail"
	"github.com/framekeeper/framekeeper/web"
)

// channelRuntime is the mail intake: the SMTP/LMTP listener and the IMAP
// poller, each present only when configured.
type channelRuntime struct {
	intake *mailin.Intake
	smtp   *mailin.Listener
	smtpLn net.Listener
	imap   *mailin.Poller
}

// openChannels sets up the mail intake and starts listening for mail, so a
// bad address fails at start-up.
func (a *App) openChannels(ctx context.Context) error {
	recipients := mailin.ParseRecipients(a.cfg.IntakeAddresses)
	if recipients.Empty() && a.cfg.MailFrom != "" {
		if addr, err := mailAddress(a.cfg.MailFrom); err == nil {
			recipients = mailin.ParseRecipients(addr)
		}
	}
	a.channels.intake = &mailin.Intake{Pipeline: a.pipeline, Recipients: recipients, Log: a.log}
	if a.cfg.SMTPIntakeAddr != "" {
		if recipients.Empty() {
			a.log.Warn("Mail intake accepts no address: set FRAMEKEEPER_INTAKE_ADDRESSES (or FRAMEKEEPER_MAIL_FROM)")
		}
		ln, err := net.Listen("tcp", a.cfg.SMTPIntakeAddr)
		if err != nil {
			return fmt.Errorf("mail intake: listen on %s: %w", a.cfg.SMTPIntakeAddr, err)
		}
		a.channels.smtpLn = ln
		a.channels.smtp = &mailin.Listener{Intake: a.channels.intake, LMTP: a.cfg.SMTPIntakeLMTP}
		if u, err := url.Parse(a.cfg.PublicURL); err == nil && u.Hostname() != "" {
			a.channels.smtp.Domain = u.Hostname()
		}
	}
	if a.cfg.IMAPURL != "" {
		acct, err := mailin.ParseIMAPURL(a.cfg.IMAPURL)
		if err != nil {
			return errors.New(framekeeper.ErrorMessage(err))
		}
		a.channels.imap = &mailin.Poller{Account: acct, Intake: a.channels.intake, Cursors: a.db, Interval: a.cfg.IMAPInterval, Log: a.log}
	}
	return nil
}

// runChannels starts the mail intake; it stops when ctx ends.
func (a *App) runChannels(ctx context.Context, wg *sync.WaitGroup) {
	if a.channels.smtp != nil {
		a.log.Info("Mail intake listening", "addr", a.channels.smtpLn.Addr().String(), "lmtp", a.cfg.SMTPIntakeLMTP, "accepts", a.channels.intake.Recipients.String())
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := a.channels.smtp.Serve(a.channels.smtpLn); err != nil {
				a.log.Error("Mail intake stopped", "error", err)
			}
		}()
		go func() { defer wg.Done(); <-ctx.Done(); a.channels.smtp.Close() }()
	}
	if a.channels.imap != nil {
		a.log.Info("Polling mailbox", "mailbox", a.channels.imap.Account.Key())
		wg.Add(1)
		go func() { defer wg.Done(); a.channels.imap.Run(ctx) }()
	}
}

// closeChannels releases a listener that never ran.
func (a *App) closeChannels() {
	if a.channels.smtpLn != nil {
		a.channels.smtpLn.Close()
	}
}

// SMTPIntakeAddr is where the mail intake listens (for tests).
func (a *App) SMTPIntakeAddr() string {
	if a.channels.smtpLn == nil {
		return ""
	}
	return a.channels.smtpLn.Addr().String()
}

// webChannels is what the web server knows of the channels: the webhook
// secrets, and descriptions without secrets for the channels page.
func (a *App) webChannels() web.ChannelConfig {
	c := web.ChannelConfig{
		TwilioAuthToken: a.cfg.TwilioToken, MetaAppSecret: a.cfg.MetaAppSecret, MetaVerifyToken: a.cfg.MetaVerify,
		XConsumerSecret: a.cfg.XSecret, TwilioURL: a.cfg.TwilioURL,
		SMTPIntakeAddr: a.cfg.SMTPIntakeAddr, SMTPOut: redactURL(a.cfg.SMTP), MailFrom: a.cfg.MailFrom,
	}
	if a.channels.intake != nil {
		c.IntakeRecipients = a.channels.intake.Recipients.String()
	}
	if a.channels.imap != nil {
		c.IMAP = a.channels.imap.Account.Redacted()
	}
	return c
}

// channelTests are the "test this channel" actions of the channels page:
// each exercises the real thing and says what it did.
func (a *App) channelTests() map[string]web.ChannelTest {
	tests := map[string]web.ChannelTest{
		"twilio": func(context.Context, framekeeper.Actor) (string, error) {
			if a.cfg.TwilioToken == "" {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Set FRAMEKEEPER_TWILIO_AUTH_TOKEN first.")
			}
			u := a.cfg.TwilioURL
			if u == "" {
				u = a.URL() + "/hooks/twilio/sms"
			}
			form := url.Values{"MessageSid": {"SMtest"}, "From": {"+15005550006"}, "Body": {"test"}}
			sig := twilio.Signature(a.cfg.TwilioToken, u, form)
			if !twilio.ValidateSignature(a.cfg.TwilioToken, u, form, sig) {
				return "", framekeeper.Errorf(framekeeper.EINTERNAL, "The signature check failed on its own sample.")
			}
			return fmt.Sprintf("Twilio signs %s; a sample message (MessageSid=SMtest, From=+15005550006, Body=test) gets X-Twilio-Signature %s. Set this URL as the messaging webhook (HTTP POST).", u, sig), nil
		},
		"meta": func(context.Context, framekeeper.Actor) (string, error) {
			if a.cfg.MetaAppSecret == "" || a.cfg.MetaVerify == "" {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Set FRAMEKEEPER_META_APP_SECRET and FRAMEKEEPER_META_VERIFY_TOKEN first.")
			}
			body := []byte(`{"object":"page","entry":[]}`)
			if !meta.VerifySignature(a.cfg.MetaAppSecret, body, meta.Sign(a.cfg.MetaAppSecret, body)) {
				return "", framekeeper.Errorf(framekeeper.EINTERNAL, "The signature check failed on its own sample.")
			}
			return "Callback URL " + a.URL() + "/hooks/meta; the verify token and app secret are set, and a sample delivery verifies.", nil
		},
		"x": func(context.Context, framekeeper.Actor) (string, error) {
			if a.cfg.XSecret == "" {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Set FRAMEKEEPER_X_CONSUMER_SECRET first.")
			}
			return "Webhook URL " + a.URL() + "/hooks/x; the answer to crc_token=test is " + xapi.CRCResponse(a.cfg.XSecret, "test") + ".", nil
		},
		"email": func(ctx context.Context, actor framekeeper.Actor) (string, error) {
			if a.outbox.Mail == nil {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Set FRAMEKEEPER_SMTP and FRAMEKEEPER_MAIL_FROM first.")
			}
			st, err := a.db.FindStaffByID(ctx, actor.StaffID)
			if err != nil {
				return "", err
			}
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := a.outbox.Mail.Send(sctx, &mail.Message{To: []string{st.Email}, Subject: "Framekeeper test message",
				Text: "This is a test of the practice's outgoing mail. Nothing else is needed.\n", Headers: map[string]string{"Auto-Submitted": "auto-generated"}}); err != nil {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Sending failed: %v", err)
			}
			return "A test message went to " + st.Email + " through " + redactURL(a.cfg.SMTP) + ".", nil
		},
		"imap": func(ctx context.Context, _ framekeeper.Actor) (string, error) {
			if a.channels.imap == nil {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Set FRAMEKEEPER_IMAP_URL first.")
			}
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			n, err := a.channels.imap.Check(cctx)
			if err != nil {
				return "", framekeeper.Errorf(framekeeper.EINVALID, "Login failed: %v", err)
			}
			return fmt.Sprintf("Signed in to %s; the mailbox holds %d messages.", a.channels.imap.Account.Redacted(), n), nil
		},
	}
	return tests
}

// mailAddress is the bare address of "Name <addr>" or "addr".
func mailAddress(s string) (string, error) {
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}
