// Package mailparse reads an RFC 5322 message as it arrives at the mail
// intake: headers for threading and for recognising automatic mail (RFC
// 3834), the readable text, and a list of attachments by name, type, size
// and digest. Attachment contents are not kept here; the caller stores the
// raw message.
package mailparse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decodes ISO-8859-*, Windows-125x and the rest of IANA's list
	gomail "github.com/emersion/go-message/mail"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// DefaultMaxBytes bounds a message when the caller gives no limit.
const DefaultMaxBytes = 25 << 20

// Address is a mailbox: a display name and an address.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// Attachment describes one file carried by the message.
type Attachment struct {
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`   // decoded bytes
	SHA256      string `json:"sha256"` // hex, of the decoded bytes
	Inline      bool   `json:"inline,omitempty"`
}

// Message is what the intake needs from a message.
type Message struct {
	MessageID   string       `json:"message_id,omitempty"` // without angle brackets
	InReplyTo   []string     `json:"in_reply_to,omitempty"`
	References  []string     `json:"references,omitempty"`
	From        Address      `json:"from"`
	To          []Address    `json:"to,omitempty"`
	Cc          []Address    `json:"cc,omitempty"`
	Subject     string       `json:"subject,omitempty"`
	Date        time.Time    `json:"date,omitzero"`
	ContentType string       `json:"content_type,omitempty"` // of the whole message, e.g. multipart/report
	ReportType  string       `json:"report_type,omitempty"`  // its report-type parameter, e.g. delivery-status
	Text        string       `json:"text"`                   // text/plain when there is one, else the HTML as text
	HTML        bool         `json:"html,omitempty"`         // Text came from HTML
	Attachments []Attachment `json:"attachments,omitempty"`
	RawSHA256   string       `json:"raw_sha256"` // hex digest of the raw message, a key when Message-ID is missing

	// Headers that mark automatic mail (RFC 3834 and common practice),
	// as sent.
	AutoSubmitted         string `json:"auto_submitted,omitempty"`
	Precedence            string `json:"precedence,omitempty"`
	ListID                string `json:"list_id,omitempty"`
	ListUnsubscribe       string `json:"list_unsubscribe,omitempty"`
	ReturnPathEmpty       bool   `json:"return_path_empty,omitempty"` // Return-Path: <>, a bounce
	XAutoResponseSuppress string `json:"x_auto_response_suppress,omitempty"`
	XAutoreply            string `json:"x_autoreply,omitempty"` // X-Autoreply or X-Autorespond
}

// Parse reads one message of at most maxBytes (DefaultMaxBytes when
// maxBytes <= 0). A larger message is an error with code too_large; a
// message without a header is invalid. Parts in an unknown charset or
// transfer encoding are read as they are rather than failing the message.
func Parse(r io.Reader, maxBytes int64) (Message, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Message{}, framekeeper.Errorf(framekeeper.EINTERNAL, "Reading the message failed: %v", err)
	}
	if int64(len(raw)) > maxBytes {
		return Message{}, framekeeper.Errorf(framekeeper.ETOOLARGE, "The message is larger than %d bytes.", maxBytes)
	}
	sum := sha256.Sum256(raw)
	m := Message{RawSHA256: hex.EncodeToString(sum[:])}

	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !lenient(err) {
		return Message{}, framekeeper.Invalid("message", "The message header cannot be read: %v.", err)
	}
	h := gomail.Header{Header: e.Header}
	if h.Fields().Len() == 0 {
		return Message{}, framekeeper.Invalid("message", "The message has no header.")
	}
	if !h.Has("From") && !h.Has("Subject") && !h.Has("Message-Id") && !h.Has("Date") {
		return Message{}, framekeeper.Invalid("message", "This is not an email message: it has none of From, Subject, Date or Message-ID.")
	}
	m.readHeader(h)

	var plain, html []string
	walkErr := e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !lenient(err) {
			return err
		}
		if part.MultipartReader() != nil {
			return nil
		}
		mediaType, params, _ := part.Header.ContentType()
		if mediaType == "" {
			mediaType = "text/plain" // RFC 2045 default
		}
		disp, dparams, _ := part.Header.ContentDisposition()
		isText := mediaType == "text/plain" || mediaType == "text/html"
		if disp != "attachment" && isText && dparams["filename"] == "" {
			b, err := io.ReadAll(part.Body)
			if err != nil && !lenient(err) {
				return err
			}
			s := toUTF8(b)
			if mediaType == "text/plain" {
				plain = append(plain, s)
			} else {
				html = append(html, s)
			}
			return nil
		}
		a := Attachment{ContentType: mediaType, Inline: disp == "inline"}
		a.Filename = dparams["filename"]
		if a.Filename == "" {
			a.Filename = params["name"]
		}
		a.Filename = decodeWords(a.Filename)
		hash := sha256.New()
		n, err := io.Copy(hash, part.Body)
		if err != nil && !lenient(err) {
			return err
		}
		a.Size, a.SHA256 = n, hex.EncodeToString(hash.Sum(nil))
		m.Attachments = append(m.Attachments, a)
		return nil
	})
	if walkErr != nil {
		// A broken part late in the message should not lose what was read:
		// the text and header are still worth triaging.
		if len(plain) == 0 && len(html) == 0 && len(m.Attachments) == 0 {
			return Message{}, framekeeper.Invalid("message", "The message body cannot be read: %v.", walkErr)
		}
	}
	switch {
	case len(plain) > 0:
		m.Text = normalise(strings.Join(plain, "\n\n"))
	case len(html) > 0:
		m.Text = HTMLToText(strings.Join(html, "\n"))
		m.HTML = true
	}
	return m, nil
}

func lenient(err error) bool {
	return message.IsUnknownCharset(err) || message.IsUnknownEncoding(err)
}

func (m *Message) readHeader(h gomail.Header) {
	m.MessageID = messageID(h)
	m.InReplyTo = msgIDs(h, "In-Reply-To")
	m.References = msgIDs(h, "References")
	if from := addresses(h, "From"); len(from) > 0 {
		m.From = from[0]
	}
	m.To = addresses(h, "To")
	m.Cc = addresses(h, "Cc")
	if s, err := h.Subject(); err == nil {
		m.Subject = clean(s)
	} else {
		m.Subject = clean(h.Get("Subject")) // the raw value, as sent
	}
	if d, err := h.Date(); err == nil {
		m.Date = d
	}
	ct, params, _ := h.ContentType()
	m.ContentType, m.ReportType = ct, strings.ToLower(params["report-type"])
	m.AutoSubmitted = headerText(h, "Auto-Submitted")
	m.Precedence = headerText(h, "Precedence")
	m.ListID = headerText(h, "List-Id")
	m.ListUnsubscribe = headerText(h, "List-Unsubscribe")
	m.XAutoResponseSuppress = headerText(h, "X-Auto-Response-Suppress")
	m.XAutoreply = headerText(h, "X-Autoreply")
	if m.XAutoreply == "" {
		m.XAutoreply = headerText(h, "X-Autorespond")
	}
	if h.Has("Return-Path") {
		rp := strings.Join(strings.Fields(h.Get("Return-Path")), "")
		m.ReturnPathEmpty = rp == "<>" || rp == ""
	}
}

func headerText(h gomail.Header, key string) string {
	return clean(strings.TrimSpace(h.Get(key)))
}

// messageID reads the Message-ID leniently: ids that break RFC 5322
// (spaces, no angle brackets) are common and still identify the message.
func messageID(h gomail.Header) string {
	if id, err := h.MessageID(); err == nil && id != "" {
		return clean(id)
	}
	if ids := msgIDs(h, "Message-Id"); len(ids) > 0 {
		return ids[0]
	}
	return clean(strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>"))
}

func msgIDs(h gomail.Header, key string) []string {
	if ids, err := h.MsgIDList(key); err == nil {
		for i := range ids {
			ids[i] = clean(ids[i])
		}
		return ids
	}
	var ids []string
	v := h.Get(key)
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			break
		}
		end := strings.IndexByte(v[start:], '>')
		if end < 0 {
			break
		}
		if id := strings.TrimSpace(v[start+1 : start+end]); id != "" {
			ids = append(ids, clean(id))
		}
		v = v[start+end+1:]
	}
	return ids
}

// addresses reads an address list, falling back to the standard library's
// parser and then to the bare text, so a sloppy From still names someone.
func addresses(h gomail.Header, key string) []Address {
	v := h.Get(key)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []Address
	if list, err := h.AddressList(key); err == nil {
		for _, a := range list {
			out = append(out, Address{Name: clean(a.Name), Address: clean(a.Address)})
		}
		return out
	}
	dec := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: message.CharsetReader}}
	if list, err := dec.ParseList(v); err == nil {
		for _, a := range list {
			out = append(out, Address{Name: clean(a.Name), Address: clean(a.Address)})
		}
		return out
	}
	// Last resort: "Name <addr>" or a bare address, as written.
	v = decodeWords(strings.TrimSpace(v))
	if i := strings.LastIndexByte(v, '<'); i >= 0 && strings.HasSuffix(v, ">") {
		return []Address{{Name: clean(strings.Trim(strings.TrimSpace(v[:i]), `"`)), Address: clean(v[i+1 : len(v)-1])}}
	}
	if strings.Contains(v, "@") && !strings.ContainsAny(v, " \t,") {
		return []Address{{Address: clean(v)}}
	}
	return []Address{{Name: clean(v)}}
}

func decodeWords(s string) string {
	dec := mime.WordDecoder{CharsetReader: message.CharsetReader}
	if d, err := dec.DecodeHeader(s); err == nil {
		return clean(d)
	}
	return clean(s)
}

// toUTF8 returns text that is valid UTF-8: a part whose charset was
// unknown or wrongly declared is read as Windows-1252's Latin-1 subset,
// which never fails and keeps accented letters readable.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

func clean(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// normalise turns CRLF into LF and trims trailing space from lines and the
// text.
func normalise(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// IsAutomatic reports whether the message was sent by a machine rather
// than a person, and why: RFC 3834's Auto-Submitted, Precedence bulk, list
// or junk, mailing-list headers, a bounce (empty Return-Path, a
// MAILER-DAEMON sender, a delivery report) and the auto-reply headers of
// Exchange and other responders. Such mail must never be answered
// automatically.
func (m Message) IsAutomatic() (bool, string) {
	local := strings.ToLower(m.From.Address)
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	as := strings.ToLower(strings.TrimSpace(strings.SplitN(m.AutoSubmitted, ";", 2)[0]))
	prec := strings.ToLower(strings.TrimSpace(m.Precedence))
	switch {
	case as != "" && as != "no":
		return true, "Auto-Submitted: " + as
	case prec == "bulk" || prec == "list" || prec == "junk":
		return true, "Precedence: " + prec
	case m.ReturnPathEmpty:
		return true, "empty Return-Path (a bounce)"
	case local == "mailer-daemon" || local == "postmaster":
		return true, "sent by " + local
	case strings.EqualFold(m.ContentType, "multipart/report"):
		return true, "delivery or disposition report (" + cmpOr(m.ReportType, "multipart/report") + ")"
	case m.ListID != "":
		return true, "mailing list (List-Id)"
	case m.ListUnsubscribe != "":
		return true, "mailing list (List-Unsubscribe)"
	case m.XAutoResponseSuppress != "":
		return true, "X-Auto-Response-Suppress: " + m.XAutoResponseSuppress
	case m.XAutoreply != "":
		return true, "X-Autoreply"
	}
	return false, ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ToInteraction turns a message into the interaction triage reads. The ID
// is the Message-ID, or the raw message's digest when there is none, so a
// redelivered message is recognised; To is the first recipient's address.
func ToInteraction(m Message) triage.Interaction {
	id := m.MessageID
	if id == "" && m.RawSHA256 != "" {
		id = "sha256:" + m.RawSHA256
	}
	text := m.Text
	if m.Subject != "" {
		text = m.Subject + "\n\n" + text
	}
	var to string
	if len(m.To) > 0 {
		to = m.To[0].Address
	}
	return triage.Interaction{
		ID:      id,
		Kind:    triage.Email,
		Channel: triage.ChannelEmail,
		From:    triage.Sender{Name: m.From.Name, Email: strings.ToLower(m.From.Address)},
		To:      to,
		Text:    strings.TrimSpace(text),
		At:      m.Date,
	}
}
