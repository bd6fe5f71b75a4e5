// Package mailin takes email into the triage pipeline: an SMTP or LMTP
// listener a practice address forwards into, and an IMAP poller for an
// existing mailbox. Each message is parsed (intake/mailparse), marked when
// it must never be answered automatically (RFC 3834), and submitted with its
// raw bytes; the listener says 250 only after the interaction is durably
// stored, so a crash before that makes the sending server try again.
package mailin

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/mailparse"
	"github.com/framekeeper/framekeeper/triage"
)

// DefaultMaxBytes is the largest message taken in: 25 MiB, what the big
// mail providers accept.
const DefaultMaxBytes = 25 << 20

// Submitter stores and decides an interaction (intake.Pipeline).
type Submitter interface {
	Submit(ctx context.Context, in triage.Interaction, raw []byte) (intake.Stored, bool, error)
}

// Recipients are the practice's addresses: exact addresses and whole
// domains. Mail to anything else is refused, and mail from any of them is
// never answered automatically (it would answer the practice itself).
type Recipients struct {
	Addresses []string
	Domains   []string
}

// ParseRecipients reads a comma- or space-separated list: "intake@x.org"
// is an address, "@x.org" or "x.org" a whole domain.
func ParseRecipients(s string) Recipients {
	var r Recipients
	for _, f := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' || c == ';' || c == '\n' }) {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
		case strings.HasPrefix(f, "@"):
			r.Domains = append(r.Domains, f[1:])
		case strings.Contains(f, "@"):
			r.Addresses = append(r.Addresses, f)
		default:
			r.Domains = append(r.Domains, f)
		}
	}
	return r
}

// Empty reports whether no address is configured.
func (r Recipients) Empty() bool { return len(r.Addresses) == 0 && len(r.Domains) == 0 }

// Accepts reports whether addr is one of the practice's addresses.
func (r Recipients) Accepts(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(strings.Trim(addr, "<>")))
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return false
	}
	for _, a := range r.Addresses {
		if addr == a {
			return true
		}
	}
	domain := addr[at+1:]
	for _, d := range r.Domains {
		if domain == d {
			return true
		}
	}
	return false
}

// String lists the addresses and domains, for the channels page.
func (r Recipients) String() string {
	parts := append([]string(nil), r.Addresses...)
	for _, d := range r.Domains {
		parts = append(parts, "@"+d)
	}
	return strings.Join(parts, ", ")
}

// Intake turns raw messages into submitted interactions.
type Intake struct {
	Pipeline   Submitter
	Recipients Recipients
	MaxBytes   int64 // DefaultMaxBytes when 0
	Log        *slog.Logger
}

func (in *Intake) maxBytes() int64 {
	if in.MaxBytes > 0 {
		return in.MaxBytes
	}
	return DefaultMaxBytes
}

// Deliver parses one message and submits it. envelopeFrom is the SMTP
// MAIL FROM ("<>" for a bounce, "" when unknown, as for a message read
// from a mailbox), rcpt the practice address it was sent to.
// Once Deliver returns without error the message is stored; a message
// delivered again (same Message-ID) is the same interaction. A message that
// cannot be read at all is invalid (a permanent refusal); a storage failure
// is internal (try again later).
func (in *Intake) Deliver(ctx context.Context, envelopeFrom, rcpt string, raw []byte) (intake.Stored, error) {
	m, err := mailparse.Parse(bytes.NewReader(raw), in.maxBytes())
	if err != nil {
		return intake.Stored{}, err
	}
	it := Interaction(m, envelopeFrom, rcpt, in.Recipients)
	st, _, err := in.Pipeline.Submit(ctx, it, keepable(raw))
	return st, err
}

// Interaction is the interaction a parsed message becomes. The sender is
// the From header, or the envelope sender when the header has none.
// Attachments are not inlined: their count, types and digests are noted so
// triage knows something was sent, and the raw message keeps the bytes.
func Interaction(m mailparse.Message, envelopeFrom, rcpt string, own Recipients) triage.Interaction {
	it := mailparse.ToInteraction(m)
	// "<>" is SMTP's null reverse-path: a bounce or other delivery report.
	nullSender := strings.TrimSpace(envelopeFrom) == "<>"
	envelopeFrom = strings.ToLower(strings.TrimSpace(strings.Trim(envelopeFrom, "<>")))
	if it.From.Email == "" && envelopeFrom != "" {
		if a, err := mail.ParseAddress(envelopeFrom); err == nil {
			it.From.Email = strings.ToLower(a.Address)
		}
	}
	if rcpt != "" {
		it.To = strings.ToLower(strings.Trim(rcpt, "<>"))
	}
	if n := len(m.Attachments); n > 0 {
		var b strings.Builder
		b.WriteString("[" + strconv.Itoa(n) + " attachment")
		if n > 1 {
			b.WriteString("s")
		}
		b.WriteString(" kept, not shown:")
		for _, a := range m.Attachments {
			fmt.Fprintf(&b, " %s sha256:%.12s", a.ContentType, a.SHA256)
		}
		b.WriteString("]")
		if it.Text != "" {
			it.Text += "\n\n"
		}
		it.Text += b.String()
	}
	if len(it.Text) > triage.MaxTextLen {
		// The whole message stays in the raw copy; triage reads the start.
		const note = "\n[message shortened]"
		cut := triage.MaxTextLen - len(note)
		for cut > 0 && !utf8.RuneStart(it.Text[cut]) {
			cut--
		}
		it.Text = it.Text[:cut] + note
	}
	it.Automatic = automatic(m, envelopeFrom, it.From.Email, own)
	if it.Automatic == "" && nullSender {
		it.Automatic = "empty envelope sender (a bounce)"
	}
	return it
}

// automatic says why a message must not be answered automatically, or "".
func automatic(m mailparse.Message, envelopeFrom, from string, own Recipients) string {
	if auto, why := m.IsAutomatic(); auto {
		return why
	}
	switch {
	case envelopeFrom == "" && from == "":
		return "no sender address"
	case own.Accepts(from) || (envelopeFrom != "" && own.Accepts(envelopeFrom)):
		return "sent from the practice's own address"
	}
	return ""
}

// keepable returns the raw message as it can be stored in a text column:
// itself when it is UTF-8 (nearly all mail is 7-bit), else base64 with a
// "base64:" prefix, so an 8-bit message in a legacy charset is kept whole
// rather than refused by PostgreSQL.
func keepable(raw []byte) []byte {
	if utf8.Valid(raw) && !bytes.ContainsRune(raw, 0) {
		return raw
	}
	return []byte("base64:" + base64.StdEncoding.EncodeToString(raw))
}

// permanent reports whether an error is the message's fault (refuse it)
// rather than ours (ask the sender to retry).
func permanent(err error) bool {
	switch framekeeper.ErrorCode(err) {
	case framekeeper.EINVALID, framekeeper.ETOOLARGE:
		return true
	}
	return false
}
