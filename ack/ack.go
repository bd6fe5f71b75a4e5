// Package ack is the client acknowledgment of the policy: a signing request
// for the version in force, its signers and their single-purpose links, the
// therapist's countersignature, the trail of events that is the evidence,
// and the rules for who must acknowledge again when the policy changes. It is
// domain code: the standard library and the policy package only. Storage
// keeps it, web serves the signing pages, render prints the signed copy.
package ack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// Status is where an acknowledgment stands. The values are the contract's.
type Status string

// Acknowledgment statuses.
const (
	StatusPending         Status = "pending"
	StatusSigned          Status = "signed"
	StatusNeedsReack      Status = "needs_reacknowledgment"
	StatusExpired         Status = "expired"
	StatusRevoked         Status = "revoked"
	StatusMissing         Status = "missing" // a client with nothing to show; never stored
	StatusAwaitingCounter Status = "awaiting_countersignature"
)

// Valid reports whether s is one of the five stored statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusPending, StatusSigned, StatusNeedsReack, StatusExpired, StatusRevoked:
		return true
	}
	return false
}

// Signer statuses.
const (
	SignerPending  = "pending"
	SignerSigned   = "signed"
	SignerDeclined = "declined" // asked to sign on paper instead
)

// Delivery is how a signer receives their link.
const (
	DeliveryEmail  = "email"
	DeliveryLetter = "letter"
)

// Methods of signing.
const (
	MethodElectronic = "electronic"
	MethodPaper      = "paper"
)

// Event kinds of the evidence trail.
const (
	EventCreated       = "created"
	EventSent          = "sent"
	EventReminded      = "reminded"
	EventOpened        = "opened"
	EventSigned        = "signed"
	EventDeclined      = "declined"
	EventQuestions     = "questions"
	EventCountersigned = "countersigned"
	EventCompleted     = "completed"
	EventExpired       = "expired"
	EventRevoked       = "revoked"
	EventSuperseded    = "superseded"
	EventPaperRecorded = "paper_recorded"
	EventLetterPrinted = "letter_printed"
)

// Limits and defaults.
const (
	DefaultTTL      = 14 * 24 * time.Hour
	MaxTTL          = 90 * 24 * time.Hour
	MaxSigners      = 8
	MaxQuestions    = 4000
	MaxAttestation  = 2000
	OverdueAfter    = 7 * 24 * time.Hour
	MaxReminders    = 3
	CopyWindow      = 30 * time.Minute // a signer may download their copy this long after signing
	TokenPrefix     = "fks_"
	maxNameLen      = 200
	tokenRandomLen  = 43 // base64url of 32 bytes, no padding
	firstReminderIn = 3 * 24 * time.Hour
)

// Acknowledgment is one signing request: a version of the policy, the
// people who sign it, and the therapist's countersignature.
type Acknowledgment struct {
	ID              string     `json:"id"`
	ClientID        string     `json:"client_id"`
	PolicyVersion   int        `json:"policy_version"`
	DocumentSHA256  string     `json:"document_sha256"`
	Method          string     `json:"method"`
	Reason          string     `json:"reason"` // request, reacknowledgment
	Status          Status     `json:"status"`
	Signers         []Signer   `json:"signers"`
	CreatedAt       time.Time  `json:"created_at"`
	CreatedBy       string     `json:"created_by,omitempty"`
	ExpiresAt       time.Time  `json:"expires_at"`
	SignedAt        *time.Time `json:"signed_at,omitempty"`
	CountersignedAt *time.Time `json:"countersigned_at,omitempty"`
	CountersignedBy string     `json:"countersigned_by,omitempty"`
	RevokedAt       *time.Time `json:"revoked_at,omitempty"`
	ChangeSummary   string     `json:"change_summary,omitempty"`
	SignedPDFSHA256 string     `json:"signed_pdf_sha256,omitempty"`
	ScanType        string     `json:"scan_type,omitempty"`
	ScanSHA256      string     `json:"scan_sha256,omitempty"`
	Attestation     string     `json:"attestation,omitempty"`
	Events          []Event    `json:"events,omitempty"`
}

// Signer is one person who signs: the client, a partner, a parent.
type Signer struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Email          string     `json:"email,omitempty"`
	Delivery       string     `json:"delivery"`
	Status         string     `json:"status"`
	SignURL        string     `json:"sign_url,omitempty"` // only when a link was just issued
	SignedName     string     `json:"signed_name,omitempty"`
	SignedAt       *time.Time `json:"signed_at,omitempty"`
	OpenedAt       *time.Time `json:"opened_at,omitempty"`
	LastSentAt     *time.Time `json:"last_sent_at,omitempty"`
	Reminders      int        `json:"reminders"`
	PaperRequested bool       `json:"paper_requested"`
	Questions      string     `json:"questions,omitempty"`
	// DeliveryStatus is the outbox status of the newest email to this
	// signer (pending, sent, failed…), and DeliveryError its last error.
	DeliveryStatus string `json:"delivery_status,omitempty"`
	DeliveryError  string `json:"delivery_error,omitempty"`
	LetterPending  bool   `json:"letter_pending,omitempty"`
}

// Event is one line of the evidence trail.
type Event struct {
	ID        string    `json:"id"`
	SignerID  string    `json:"signer_id,omitempty"`
	Signer    string    `json:"signer,omitempty"`
	Kind      string    `json:"kind"`
	At        time.Time `json:"at"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
	Actor     string    `json:"actor,omitempty"`
	Detail    string    `json:"detail,omitempty"`
}

// SignerInput is a signer as a request names them.
type SignerInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Request asks for an acknowledgment. No signers means the client alone.
type Request struct {
	Signers []SignerInput `json:"signers"`
	TTL     time.Duration `json:"-"`
}

// Validate normalises the signers. Each needs a name; an email is optional
// (without one the link goes out as a printed letter).
func (r *Request) Validate() error {
	if len(r.Signers) > MaxSigners {
		return framekeeper.Invalid("signers", "At most %d people can sign one acknowledgment.", MaxSigners)
	}
	seen := map[string]bool{}
	for i := range r.Signers {
		field := "signers[" + strconv.Itoa(i) + "]"
		s := &r.Signers[i]
		name, err := cleanName(s.Name)
		if err != nil {
			return framekeeper.Invalid(field+".name", "%s", framekeeper.ErrorMessage(err))
		}
		s.Name = name
		if strings.TrimSpace(s.Email) != "" {
			e, err := normaliseEmail(s.Email)
			if err != nil {
				return framekeeper.Invalid(field+".email", "Email %q is not a valid address.", s.Email)
			}
			s.Email = e
		} else {
			s.Email = ""
		}
		key := strings.ToLower(s.Name) + "\x00" + s.Email
		if seen[key] {
			return framekeeper.Invalid(field, "%s is named twice.", s.Name)
		}
		seen[key] = true
	}
	if r.TTL == 0 {
		r.TTL = DefaultTTL
	}
	if r.TTL < time.Hour || r.TTL > MaxTTL {
		return framekeeper.Invalid("ttl", "Links last from an hour to 90 days.")
	}
	return nil
}

func normaliseEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || strings.ContainsAny(a.Address, " <>") {
		return "", framekeeper.Errorf(framekeeper.EINVALID, "invalid address")
	}
	return strings.ToLower(a.Address), nil
}

func cleanName(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", framekeeper.Errorf(framekeeper.EINVALID, "Name is required.")
	case !utf8.ValidString(s):
		return "", framekeeper.Errorf(framekeeper.EINVALID, "Name is not valid UTF-8.")
	case utf8.RuneCountInString(s) > maxNameLen:
		return "", framekeeper.Errorf(framekeeper.EINVALID, "Name is longer than %d characters.", maxNameLen)
	}
	return s, nil
}

// Delivery returns how a signer with this email receives their link.
func DeliveryFor(email string) string {
	if email == "" {
		return DeliveryLetter
	}
	return DeliveryEmail
}

// Signature is what a signer submits on the signing page.
type Signature struct {
	TypedName string
	// Consent is the agreement to use electronic records and signatures;
	// Intent is the explicit "I sign" action. Both are required.
	Consent   bool
	Intent    bool
	Questions string
	IP        string
	UserAgent string
}

// Validate refuses a signature without the consent or intent step, or
// without a typed name.
func (s *Signature) Validate() error {
	e := &framekeeper.Error{Code: framekeeper.EINVALID, Fields: map[string]string{}}
	if !s.Consent {
		e.Fields["consent"] = "Agree to sign electronically, or ask for a paper copy instead."
	}
	name, err := cleanName(s.TypedName)
	if err != nil {
		e.Fields["typed_name"] = "Type your full name as your signature."
	}
	s.TypedName = name
	if !s.Intent {
		e.Fields["intent"] = "Confirm that you intend to sign."
	}
	s.Questions = strings.TrimSpace(s.Questions)
	if !utf8.ValidString(s.Questions) || len(s.Questions) > MaxQuestions {
		e.Fields["questions"] = "Questions must be text of at most " + strconv.Itoa(MaxQuestions) + " characters."
	}
	s.UserAgent = truncate(s.UserAgent, 500)
	if len(e.Fields) > 0 {
		e.Message = "The acknowledgment was not signed. Please see the marked fields."
		return e
	}
	return nil
}

// PaperRecord is a wet signature recorded by staff from a scan.
type PaperRecord struct {
	Signers     []string // names as signed
	SignedOn    time.Time
	Scan        []byte
	Attestation string
	Attested    bool
}

// Validate checks a paper record and sniffs the scan's type; it returns the
// media type.
func (p *PaperRecord) Validate() (string, error) {
	if len(p.Signers) == 0 {
		return "", framekeeper.Invalid("signers", "Name at least one person who signed.")
	}
	if len(p.Signers) > MaxSigners {
		return "", framekeeper.Invalid("signers", "At most %d people can sign one acknowledgment.", MaxSigners)
	}
	for i, n := range p.Signers {
		name, err := cleanName(n)
		if err != nil {
			return "", framekeeper.Invalid("signers", "%s", framekeeper.ErrorMessage(err))
		}
		p.Signers[i] = name
	}
	if p.SignedOn.IsZero() {
		return "", framekeeper.Invalid("signed_on", "Give the date written beside the signatures.")
	}
	if !p.Attested {
		return "", framekeeper.Invalid("attest", "Confirm that you saw the signed paper and that the scan is complete.")
	}
	p.Attestation = strings.TrimSpace(p.Attestation)
	if !utf8.ValidString(p.Attestation) || len(p.Attestation) > MaxAttestation {
		return "", framekeeper.Invalid("attestation", "The note must be text of at most %d characters.", MaxAttestation)
	}
	mt, err := SniffScan(p.Scan)
	if err != nil {
		return "", err
	}
	return mt, nil
}

// DocumentHash is the SHA-256 (hex) of the exact text of a frozen policy
// document: its Markdown, which holds every word a signer reads.
func DocumentHash(doc policy.Document) string {
	sum := sha256.Sum256([]byte(doc.Markdown()))
	return hex.EncodeToString(sum[:])
}

// SHA256 is the hex SHA-256 of b.
func SHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ValidToken reports whether s has the shape of a signing token: the prefix
// and 43 base64url characters (256 bits). Anything else is refused before a
// database lookup.
func ValidToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(rest) != tokenRandomLen {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// EffectiveStatus is the status as of now: a pending request past its
// expiry is expired even before the worker has written so.
func (a *Acknowledgment) EffectiveStatus(now time.Time) Status {
	if a.Status == StatusPending && !a.ExpiresAt.IsZero() && !now.Before(a.ExpiresAt) {
		return StatusExpired
	}
	return a.Status
}

// AllSigned reports whether every signer has signed.
func (a *Acknowledgment) AllSigned() bool {
	if len(a.Signers) == 0 {
		return false
	}
	for _, s := range a.Signers {
		if s.Status != SignerSigned {
			return false
		}
	}
	return true
}

// Complete reports whether the acknowledgment is signed and countersigned.
func (a *Acknowledgment) Complete() bool {
	return a.AllSigned() && a.CountersignedAt != nil
}

// ReminderDue reports whether a pending signer should be reminded now:
// three days after the last sending, then six, then twelve, at most
// MaxReminders times, and never after the link has expired.
func ReminderDue(lastSent time.Time, reminders int, expires, now time.Time) bool {
	if reminders >= MaxReminders || lastSent.IsZero() || !now.Before(expires) {
		return false
	}
	wait := firstReminderIn << reminders
	return !now.Before(lastSent.Add(wait))
}

// ClientState is one client's standing for the practice-wide report.
type ClientState struct {
	ClientID        string     `json:"client_id"`
	Name            string     `json:"name"`
	ClientStatus    string     `json:"client_status"`
	Status          Status     `json:"status"`
	Version         int        `json:"version,omitempty"` // version of the acknowledgment the status comes from
	AckID           string     `json:"acknowledgment_id,omitempty"`
	Since           *time.Time `json:"since,omitempty"`
	Overdue         bool       `json:"overdue"`
	AwaitingCounter bool       `json:"awaiting_countersignature"`
	DeliveryFailed  bool       `json:"delivery_failed"`
	PaperRequested  bool       `json:"paper_requested"`
}

// StateOf works out a client's standing from their acknowledgments (any
// order) against the version in force:
//   - signed: an acknowledgment of the current version is signed;
//   - needs_reacknowledgment: they signed an older version only (a request
//     for the current one may be open);
//   - pending: a request for the current version is open (overdue after a
//     week);
//   - expired or revoked: the newest request for the current version ended
//     so, and nothing older was signed;
//   - missing: nothing at all.
func StateOf(current int, acks []Acknowledgment, now time.Time) ClientState {
	var st ClientState
	var best *Acknowledgment
	rank := func(a *Acknowledgment) int {
		s := a.EffectiveStatus(now)
		switch {
		case a.PolicyVersion == current && s == StatusSigned:
			return 5
		case a.PolicyVersion < current && (s == StatusSigned || s == StatusNeedsReack):
			return 4
		case a.PolicyVersion == current && s == StatusPending:
			return 3
		case a.PolicyVersion == current && (s == StatusExpired || s == StatusRevoked):
			return 2
		}
		return 1
	}
	for i := range acks {
		a := &acks[i]
		if best == nil || rank(a) > rank(best) || (rank(a) == rank(best) && a.CreatedAt.After(best.CreatedAt)) {
			best = a
		}
	}
	if best == nil {
		st.Status = StatusMissing
		return st
	}
	st.AckID, st.Version = best.ID, best.PolicyVersion
	t := best.CreatedAt
	st.Since = &t
	switch rank(best) {
	case 5:
		st.Status = StatusSigned
		st.AwaitingCounter = best.Method == MethodElectronic && best.CountersignedAt == nil
		if best.SignedAt != nil {
			st.Since = best.SignedAt
		}
	case 4:
		// Signed an older version; a request for the current one may be
		// out, and is overdue after a week like any other.
		st.Status = StatusNeedsReack
		for i := range acks {
			if a := &acks[i]; a.PolicyVersion == current && a.EffectiveStatus(now) == StatusPending && now.Sub(a.CreatedAt) >= OverdueAfter {
				st.Overdue = true
			}
		}
	case 3:
		st.Status = StatusPending
		st.Overdue = now.Sub(best.CreatedAt) >= OverdueAfter
	case 2:
		st.Status = best.EffectiveStatus(now)
		st.Overdue = true
	default:
		// Only requests of older versions that never got signed.
		st.Status = StatusMissing
		st.Overdue = true
	}
	for _, s := range best.Signers {
		if s.DeliveryStatus == framekeeper.OutboxFailed {
			st.DeliveryFailed = true
		}
		if s.PaperRequested {
			st.PaperRequested = true
		}
	}
	return st
}

// Report is the practice-wide standing: counts by status and every client's
// state.
type Report struct {
	PolicyVersion int            `json:"policy_version"`
	Counts        map[Status]int `json:"counts"`
	Clients       []ClientState  `json:"clients"`
}

// NewReport counts client states.
func NewReport(current int, states []ClientState) Report {
	r := Report{PolicyVersion: current, Counts: map[Status]int{}, Clients: states}
	for _, s := range []Status{StatusPending, StatusSigned, StatusNeedsReack, StatusExpired, StatusRevoked, StatusMissing} {
		r.Counts[s] = 0
	}
	for _, s := range states {
		r.Counts[s.Status]++
	}
	if r.Clients == nil {
		r.Clients = []ClientState{}
	}
	return r
}

// Evidence is everything the signed copy prints: the frozen document, the
// acknowledgment with its signers and events, and who it is for.
type Evidence struct {
	Ack        Acknowledgment
	Document   policy.Document
	ClientName string
}

// SignedDocument returns the document with its signature block filled in:
// one line per signer and the therapist's countersignature.
func (e Evidence) SignedDocument() policy.Document {
	doc := e.Document
	statement := ""
	if doc.Signature != nil {
		statement = doc.Signature.Statement
	}
	if statement == "" {
		statement = DefaultStatement
	}
	sb := &policy.SignatureBlock{Statement: statement}
	for _, s := range e.Ack.Signers {
		l := policy.SignatureLine{Label: "Client", Name: s.SignedName}
		if l.Name == "" && e.Ack.Method == MethodPaper && s.Status == SignerSigned {
			l.Name = s.Name
		}
		if s.SignedAt != nil {
			l.SignedAt = *s.SignedAt
		}
		sb.Lines = append(sb.Lines, l)
	}
	th := policy.SignatureLine{Label: "Therapist", Name: e.Ack.CountersignedBy}
	if e.Ack.CountersignedAt != nil {
		th.SignedAt = *e.Ack.CountersignedAt
	}
	sb.Lines = append(sb.Lines, th)
	doc.Signature = sb
	return doc
}

// DefaultStatement is what a signer agrees to when the policy's own
// document asks for no signature.
const DefaultStatement = "By signing below, I confirm that I have read this policy and that I understand it. " +
	"I was offered a printed copy. My questions about it have been answered."

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// Truncate shortens s to at most n bytes on a character boundary (for IP
// addresses and user agents from the request).
func Truncate(s string, n int) string { return truncate(s, n) }

// Service is what the web and command-line surfaces need of acknowledgments.
// Every method that touches a client takes the actor and enforces the
// caseload and role rules.
type Service interface {
	Request(ctx context.Context, actor framekeeper.Actor, clientID string, r Request) (*Acknowledgment, error)
	ForClient(ctx context.Context, actor framekeeper.Actor, clientID string) ([]Acknowledgment, error)
	ByID(ctx context.Context, actor framekeeper.Actor, id string) (*Acknowledgment, error)
	Revoke(ctx context.Context, actor framekeeper.Actor, id, reason string) (*Acknowledgment, error)
	Countersign(ctx context.Context, actor framekeeper.Actor, id string, ip, userAgent string) (*Acknowledgment, error)
	Resend(ctx context.Context, actor framekeeper.Actor, clientIDs []string) (int, error)
	Status(ctx context.Context, actor framekeeper.Actor) (Report, error)
	SignedPDF(ctx context.Context, actor framekeeper.Actor, id string) ([]byte, error)
	Scan(ctx context.Context, actor framekeeper.Actor, id string) ([]byte, string, error)
	RecordPaper(ctx context.Context, actor framekeeper.Actor, clientID string, p PaperRecord) (*Acknowledgment, error)
	// Letters issues fresh links for every signer waiting for a printed
	// letter and returns the letters to print, marking them printed.
	Letters(ctx context.Context, actor framekeeper.Actor) ([]Letter, error)
	Evidence(ctx context.Context, actor framekeeper.Actor, id string) (Evidence, error)
	// BlankEvidence is the version in force for a client, unsigned, to
	// print and sign on paper.
	BlankEvidence(ctx context.Context, actor framekeeper.Actor, clientID string) (Evidence, error)

	// The public signing page, by the link's token.
	Open(ctx context.Context, token, ip, userAgent string) (*SigningView, error)
	Sign(ctx context.Context, token string, s Signature) (*SigningView, error)
	AskPaper(ctx context.Context, token, ip, userAgent string) (*SigningView, error)
	// CopyEvidence is a signer's own signed copy, for CopyWindow after
	// signing.
	CopyEvidence(ctx context.Context, token string) (Evidence, error)
	// SignAttempts counts attempts from an address since a time, and
	// RecordSignAttempt notes one, for rate limiting.
	SignAttempts(ctx context.Context, ip string, since time.Time) (total, bad int, err error)
	RecordSignAttempt(ctx context.Context, ip string, ok bool) error
}

// SigningView is what the signing page shows to the holder of a link: their
// own line, the document, and nothing about anyone else's signing.
type SigningView struct {
	Practice      string
	SignerName    string
	SignerStatus  string
	Status        Status // of the acknowledgment, as of now
	SignedAt      *time.Time
	ExpiresAt     time.Time
	PolicyVersion int
	DocumentHash  string
	Document      policy.Document
	// Copy is the signer's signed copy while CopyWindow lasts after
	// signing (nil otherwise or before signing).
	CopyAvailable bool
	AckID         string
}

// Letter is one printed letter carrying a signing link, for a signer
// without email.
type Letter struct {
	Practice   string
	ClientName string
	SignerName string
	URL        string
	ExpiresAt  time.Time
	Version    int
	Summary    string // the changes, for a notice of a new version
}

// LinkError says why a signing link cannot be used. The page shows its
// message and nothing else: not whose link it was, nor anything of theirs.
type LinkError struct {
	Reason string // unknown, expired, revoked, used, superseded
}

// Link error reasons.
const (
	LinkUnknown    = "unknown"
	LinkExpired    = "expired"
	LinkRevoked    = "revoked"
	LinkUsed       = "used"
	LinkSuperseded = "superseded"
)

func (e *LinkError) Error() string { return "signing link " + e.Reason }

// Message is the plain-language explanation for the signer.
func (e *LinkError) Message() string {
	switch e.Reason {
	case LinkExpired:
		return "This signing link has expired. Please ask the practice to send you a new one."
	case LinkRevoked:
		return "This signing link was withdrawn by the practice. If you still need to sign, please ask them for a new link."
	case LinkUsed:
		return "This link has already been used to sign. Thank you; there is nothing more to do."
	case LinkSuperseded:
		return "The practice has published a newer version of its policy since this link was sent. Please use the newest link you received."
	}
	return "This signing link is not valid. Please check that you copied the whole link, or ask the practice for a new one."
}
