package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/policy"
)

// AckStore keeps acknowledgments: signing requests, their links, the
// evidence trail and the signed copies. It is the ack.Service of a DB.
type AckStore struct {
	db *DB
	// PublicURL returns the external base URL signing links start with. It
	// is a function because a server on port 0 knows its address only once
	// it listens.
	PublicURL func() string
	// RenderPDF prints the signed copy with its certificate page (package
	// render does it; main wires it in, as storage does not depend on
	// render).
	RenderPDF func(ack.Evidence) ([]byte, error)
}

var _ ack.Service = (*AckStore)(nil)

// Acks returns the acknowledgment service of the database.
func (db *DB) Acks(publicURL func() string, renderPDF func(ack.Evidence) ([]byte, error)) *AckStore {
	return &AckStore{db: db, PublicURL: publicURL, RenderPDF: renderPDF}
}

// systemActor is who acts for the worker and for publication hooks.
const systemActor = "Framekeeper"

const ackColumns = `id, client_id, policy_version, document_sha256, method, reason, status, created_at, created_by, expires_at,
	signed_at, countersigned_at, countersigned_by, revoked_at, change_summary, signed_pdf_sha256, scan_type, scan_sha256, attestation`

func scanAck(row interface{ Scan(...any) error }) (ack.Acknowledgment, error) {
	var a ack.Acknowledgment
	err := row.Scan(&a.ID, &a.ClientID, &a.PolicyVersion, &a.DocumentSHA256, &a.Method, &a.Reason, &a.Status, &a.CreatedAt, &a.CreatedBy, &a.ExpiresAt,
		&a.SignedAt, &a.CountersignedAt, &a.CountersignedBy, &a.RevokedAt, &a.ChangeSummary, &a.SignedPDFSHA256, &a.ScanType, &a.ScanSHA256, &a.Attestation)
	a.CreatedAt, a.ExpiresAt = a.CreatedAt.UTC(), a.ExpiresAt.UTC()
	a.Signers = []ack.Signer{}
	return a, normalise(err)
}

const signerColumns = `s.id, s.ack_id, s.name, s.email, s.delivery, s.status, s.signed_name, s.signed_at, s.opened_at, s.last_sent_at,
	s.reminders, s.paper_requested, s.questions, s.letter_pending, COALESCE(o.status, ''), COALESCE(o.last_error, '')`

// loadSigners fills the signers of the given acknowledgments, with the
// delivery state of the newest email to each.
func loadSigners(ctx context.Context, tx *Tx, acks []ack.Acknowledgment) error {
	if len(acks) == 0 {
		return nil
	}
	idx := map[string]int{}
	args := []any{}
	for i, a := range acks {
		idx[a.ID] = i
		args = append(args, a.ID)
	}
	for start := 0; start < len(args); start += 500 {
		part := args[start:min(len(args), start+500)]
		rows, err := tx.query(ctx, `SELECT `+signerColumns+` FROM ack_signers s LEFT JOIN outbox o ON o.id = s.last_outbox_id
			WHERE s.ack_id IN (`+placeholders(len(part))+`) ORDER BY s.ack_id, s.position`, part...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s ack.Signer
			var ackID string
			if err := rows.Scan(&s.ID, &ackID, &s.Name, &s.Email, &s.Delivery, &s.Status, &s.SignedName, &s.SignedAt, &s.OpenedAt, &s.LastSentAt,
				&s.Reminders, &s.PaperRequested, &s.Questions, &s.LetterPending, &s.DeliveryStatus, &s.DeliveryError); err != nil {
				rows.Close()
				return normalise(err)
			}
			a := &acks[idx[ackID]]
			a.Signers = append(a.Signers, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return normalise(err)
		}
	}
	return nil
}

func loadEvents(ctx context.Context, tx *Tx, a *ack.Acknowledgment) error {
	names := map[string]string{}
	for _, s := range a.Signers {
		names[s.ID] = s.Name
	}
	rows, err := tx.query(ctx, `SELECT id, signer_id, kind, at, ip, user_agent, actor, detail FROM ack_events WHERE ack_id = ? ORDER BY at, id`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	a.Events = []ack.Event{}
	for rows.Next() {
		var e ack.Event
		if err := rows.Scan(&e.ID, &e.SignerID, &e.Kind, &e.At, &e.IP, &e.UserAgent, &e.Actor, &e.Detail); err != nil {
			return normalise(err)
		}
		e.At = e.At.UTC()
		e.Signer = names[e.SignerID]
		a.Events = append(a.Events, e)
	}
	return normalise(rows.Err())
}

// findAcks lists acknowledgments by a condition, newest first, with signers.
func findAcks(ctx context.Context, tx *Tx, where string, args ...any) ([]ack.Acknowledgment, error) {
	rows, err := tx.query(ctx, `SELECT `+ackColumns+` FROM acknowledgments WHERE `+where+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	out := []ack.Acknowledgment{}
	for rows.Next() {
		a, err := scanAck(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, normalise(err)
	}
	return out, loadSigners(ctx, tx, out)
}

func loadAck(ctx context.Context, tx *Tx, id string, events bool) (*ack.Acknowledgment, error) {
	as, err := findAcks(ctx, tx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "Acknowledgment not found.")
	}
	a := &as[0]
	if events {
		if err := loadEvents(ctx, tx, a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func insertAckEvent(ctx context.Context, tx *Tx, ackID, signerID, kind, ip, ua, actor, detail string) error {
	_, err := tx.exec(ctx, `INSERT INTO ack_events (id, ack_id, signer_id, kind, at, ip, user_agent, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		newID("ae_"), ackID, signerID, kind, tx.now, ack.Truncate(ip, 100), ack.Truncate(ua, 500), actor, detail)
	return err
}

func practiceName(ctx context.Context, tx *Tx) string {
	var name string
	if err := tx.queryRow(ctx, `SELECT name FROM practice ORDER BY created_at LIMIT 1`).Scan(&name); err != nil {
		return "Your therapist's practice"
	}
	return name
}

func versionByNumber(ctx context.Context, tx *Tx, n int) (policy.Published, error) {
	return scanVersion(tx.queryRow(ctx, `SELECT `+versionColumns+` FROM policy_versions WHERE number = ?`, n))
}

func (s *AckStore) base() string {
	if s.PublicURL == nil {
		return "http://localhost"
	}
	return strings.TrimRight(s.PublicURL(), "/")
}

// issueLink makes a new signing link for a signer and stores its hash.
func (s *AckStore) issueLink(ctx context.Context, tx *Tx, signerID string, expires time.Time) (string, error) {
	token := auth.NewSecret(ack.TokenPrefix)
	if _, err := tx.exec(ctx, `INSERT INTO ack_tokens (token_hash, signer_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		auth.HashSecret(token), signerID, tx.now, expires); err != nil {
		return "", err
	}
	return s.base() + "/sign/" + token, nil
}

// deliver sends a signer their link: by email through the outbox, or as a
// letter waiting to be printed.
func (s *AckStore) deliver(ctx context.Context, tx *Tx, a *ack.Acknowledgment, sg *ack.Signer, inv ack.Invitation, kind string) error {
	url, err := s.issueLink(ctx, tx, sg.ID, a.ExpiresAt)
	if err != nil {
		return err
	}
	sg.SignURL = url
	if sg.Delivery != ack.DeliveryEmail {
		_, err := tx.exec(ctx, `UPDATE ack_signers SET letter_pending = ?, notice_due = ? WHERE id = ?`, true, false, sg.ID)
		return err
	}
	inv.URL, inv.SignerName, inv.ExpiresAt, inv.Version = url, sg.Name, a.ExpiresAt, a.PolicyVersion
	subject, body := inv.Email()
	meta, _ := json.Marshal(map[string]string{"auto_submitted": "auto-generated"})
	m := framekeeper.OutboxMessage{Kind: "email", Recipient: sg.Email, Subject: subject, Body: body, Meta: meta}
	if err := insertOutbox(ctx, tx, &m); err != nil {
		return err
	}
	reminders := sg.Reminders
	if kind == ack.EventReminded {
		reminders++
	}
	if _, err := tx.exec(ctx, `UPDATE ack_signers SET last_sent_at = ?, last_outbox_id = ?, reminders = ?, notice_due = ? WHERE id = ?`,
		tx.now, m.ID, reminders, false, sg.ID); err != nil {
		return err
	}
	return insertAckEvent(ctx, tx, a.ID, sg.ID, kind, "", "", systemActor, "email to "+sg.Email+" (outbox "+m.ID+")")
}

// newRequest inserts a request for version v with its signers. With send,
// links are issued now (and returned in SignURL); otherwise the worker sends
// notices and letters wait to be printed.
func (s *AckStore) newRequest(ctx context.Context, tx *Tx, by string, c *framekeeper.Client, v policy.Published, signers []ack.SignerInput,
	electronic map[int]bool, ttl time.Duration, reason, summary string, send bool) (*ack.Acknowledgment, error) {
	a := &ack.Acknowledgment{ID: newID("ak_"), ClientID: c.ID, PolicyVersion: v.Number, DocumentSHA256: ack.DocumentHash(v.Document),
		Method: ack.MethodElectronic, Reason: reason, Status: ack.StatusPending, CreatedAt: tx.now, CreatedBy: by,
		ExpiresAt: tx.now.Add(ttl), ChangeSummary: summary, Signers: []ack.Signer{}}
	if _, err := tx.exec(ctx, `INSERT INTO acknowledgments (id, client_id, policy_version, document_sha256, method, reason, status, created_at, created_by, expires_at, change_summary)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.ClientID, a.PolicyVersion, a.DocumentSHA256, a.Method, a.Reason, a.Status,
		a.CreatedAt, a.CreatedBy, a.ExpiresAt, a.ChangeSummary); err != nil {
		return nil, err
	}
	if err := insertAckEvent(ctx, tx, a.ID, "", ack.EventCreated, "", "", by,
		fmt.Sprintf("version %d, document SHA-256 %s, %d signer(s)", a.PolicyVersion, a.DocumentSHA256, len(signers))); err != nil {
		return nil, err
	}
	practice := practiceName(ctx, tx)
	for i, in := range signers {
		sg := ack.Signer{ID: newID("as_"), Name: in.Name, Email: in.Email, Delivery: ack.DeliveryFor(in.Email), Status: ack.SignerPending}
		if electronic != nil && !electronic[i] {
			sg.Delivery = ack.DeliveryLetter
		}
		if _, err := tx.exec(ctx, `INSERT INTO ack_signers (id, ack_id, position, name, email, delivery, status, notice_due, letter_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sg.ID, a.ID, i, sg.Name, sg.Email, sg.Delivery, sg.Status, !send && sg.Delivery == ack.DeliveryEmail, !send && sg.Delivery == ack.DeliveryLetter); err != nil {
			return nil, err
		}
		if send {
			if err := s.deliver(ctx, tx, a, &sg, ack.Invitation{Practice: practice, ClientName: c.Name, Summary: summary}, ack.EventSent); err != nil {
				return nil, err
			}
		}
		a.Signers = append(a.Signers, sg)
	}
	return a, nil
}

// defaultSigners is the client alone, with their first email address.
func defaultSigners(c *framekeeper.Client) []ack.SignerInput {
	in := ack.SignerInput{Name: c.Name}
	for _, id := range c.Identities {
		if id.Kind == framekeeper.IdentityEmail {
			in.Email = id.Value
			break
		}
	}
	return []ack.SignerInput{in}
}

// Request asks a client (and anyone signing with them) to acknowledge the
// version in force, and sends each signer their link.
func (s *AckStore) Request(ctx context.Context, actor framekeeper.Actor, clientID string, r ack.Request) (*ack.Acknowledgment, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out *ack.Acknowledgment
	err := s.db.inTx(ctx, func(tx *Tx) error {
		c, err := findClientForActor(ctx, tx, actor, clientID, false)
		if err != nil {
			return err
		}
		v, err := currentVersion(ctx, tx)
		if err != nil {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "Publish the policy before asking clients to acknowledge it.")
		}
		signers := r.Signers
		if len(signers) == 0 {
			signers = defaultSigners(c)
		}
		out, err = s.newRequest(ctx, tx, actor.Name, c, v, signers, nil, r.TTL, "request", "", true)
		if err != nil {
			return err
		}
		return logAccess(ctx, tx, actor, c.ID, "request_acknowledgment")
	})
	return out, err
}

// redact drops what a role may not read: questions are clinical content.
func redact(actor framekeeper.Actor, a *ack.Acknowledgment) {
	if actor.CanReadChart() {
		return
	}
	for i := range a.Signers {
		a.Signers[i].Questions = ""
	}
	for i := range a.Events {
		if a.Events[i].Kind == ack.EventQuestions {
			a.Events[i].Detail = ""
		}
	}
}

// ForClient lists a client's acknowledgments, newest first, with their
// evidence trails.
func (s *AckStore) ForClient(ctx context.Context, actor framekeeper.Actor, clientID string) ([]ack.Acknowledgment, error) {
	var out []ack.Acknowledgment
	err := s.db.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := findClientForActor(ctx, tx, actor, clientID, false); err != nil {
			return err
		}
		if out, err = findAcks(ctx, tx, `client_id = ?`, clientID); err != nil {
			return err
		}
		for i := range out {
			if err := loadEvents(ctx, tx, &out[i]); err != nil {
				return err
			}
			out[i].Status = out[i].EffectiveStatus(tx.now)
			redact(actor, &out[i])
		}
		return nil
	})
	return out, err
}

// ackForActor loads an acknowledgment whose client the actor may see; any
// other is not found.
func ackForActor(ctx context.Context, tx *Tx, actor framekeeper.Actor, id string, lockClient bool) (*ack.Acknowledgment, *framekeeper.Client, error) {
	a, err := loadAck(ctx, tx, id, true)
	if err != nil {
		return nil, nil, err
	}
	c, err := findClientForActor(ctx, tx, actor, a.ClientID, lockClient)
	if err != nil {
		return nil, nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "Acknowledgment not found.")
	}
	return a, c, nil
}

// ByID returns one acknowledgment with its evidence trail.
func (s *AckStore) ByID(ctx context.Context, actor framekeeper.Actor, id string) (*ack.Acknowledgment, error) {
	var out *ack.Acknowledgment
	err := s.db.inTx(ctx, func(tx *Tx) (err error) {
		if out, _, err = ackForActor(ctx, tx, actor, id, false); err != nil {
			return err
		}
		out.Status = out.EffectiveStatus(tx.now)
		redact(actor, out)
		return nil
	})
	return out, err
}

// endLinks cancels the emails of an acknowledgment not yet sent and the
// letters not yet printed. Its links stay on file so that following one
// says why it no longer works (the status decides that).
func endLinks(ctx context.Context, tx *Tx, a *ack.Acknowledgment) error {
	_, err := tx.exec(ctx, `UPDATE outbox SET status = ? WHERE status IN ('pending', 'failed') AND id IN (SELECT last_outbox_id FROM ack_signers WHERE ack_id = ?)`,
		framekeeper.OutboxCancelled, a.ID)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE ack_signers SET notice_due = ?, letter_pending = ? WHERE ack_id = ?`, false, false, a.ID)
	return err
}

// Revoke withdraws a pending request: its links stop working at once.
func (s *AckStore) Revoke(ctx context.Context, actor framekeeper.Actor, id, reason string) (*ack.Acknowledgment, error) {
	reason = ack.Truncate(strings.TrimSpace(reason), 1000)
	var out *ack.Acknowledgment
	err := s.db.inTx(ctx, func(tx *Tx) error {
		a, c, err := ackForActor(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if a.EffectiveStatus(tx.now) != ack.StatusPending {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "Only a pending request can be revoked; this one is %s.", a.EffectiveStatus(tx.now))
		}
		if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ?, revoked_at = ? WHERE id = ?`, ack.StatusRevoked, tx.now, a.ID); err != nil {
			return err
		}
		if err := endLinks(ctx, tx, a); err != nil {
			return err
		}
		if err := insertAckEvent(ctx, tx, a.ID, "", ack.EventRevoked, "", "", actor.Name, reason); err != nil {
			return err
		}
		if out, err = loadAck(ctx, tx, a.ID, true); err != nil {
			return err
		}
		return logAccess(ctx, tx, actor, c.ID, "revoke_acknowledgment")
	})
	return out, err
}

// Countersign adds the therapist's signature to an acknowledgment every
// signer has signed, and completes it: the signed copy is printed and
// stored, and an entry with its hashes goes into the client's chart.
func (s *AckStore) Countersign(ctx context.Context, actor framekeeper.Actor, id, ip, ua string) (*ack.Acknowledgment, error) {
	if !actor.CanWriteChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only the therapist, a supervisor or an admin countersigns.")
	}
	var out *ack.Acknowledgment
	err := s.db.inTx(ctx, func(tx *Tx) error {
		a, c, err := ackForActor(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		switch {
		case a.Method != ack.MethodElectronic:
			return framekeeper.Errorf(framekeeper.ECONFLICT, "A paper acknowledgment is countersigned on paper.")
		case a.CountersignedAt != nil:
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This acknowledgment was already countersigned by %s.", a.CountersignedBy)
		case a.Status != ack.StatusSigned && a.Status != ack.StatusNeedsReack:
			return framekeeper.Errorf(framekeeper.ECONFLICT, "Every signer must sign before the countersignature; this request is %s.", a.EffectiveStatus(tx.now))
		}
		if _, err := tx.exec(ctx, `UPDATE acknowledgments SET countersigned_at = ?, countersigned_by = ?, countersigner_id = ? WHERE id = ?`,
			tx.now, actor.Name, actor.StaffID, a.ID); err != nil {
			return err
		}
		if err := insertAckEvent(ctx, tx, a.ID, "", ack.EventCountersigned, ip, ua, actor.Name, "document SHA-256 "+a.DocumentSHA256); err != nil {
			return err
		}
		if err := s.complete(ctx, tx, a.ID, c); err != nil {
			return err
		}
		if out, err = loadAck(ctx, tx, a.ID, true); err != nil {
			return err
		}
		redact(actor, out)
		return nil
	})
	return out, err
}

// complete prints and stores the signed copy and writes the chart entry.
func (s *AckStore) complete(ctx context.Context, tx *Tx, id string, c *framekeeper.Client) error {
	if err := insertAckEvent(ctx, tx, id, "", ack.EventCompleted, "", "", systemActor, ""); err != nil {
		return err
	}
	a, err := loadAck(ctx, tx, id, true)
	if err != nil {
		return err
	}
	v, err := versionByNumber(ctx, tx, a.PolicyVersion)
	if err != nil {
		return err
	}
	if got := ack.DocumentHash(v.Document); got != a.DocumentSHA256 {
		return fmt.Errorf("acknowledgment %s: stored document of version %d hashes to %s, not the signed %s", a.ID, v.Number, got, a.DocumentSHA256)
	}
	if s.RenderPDF == nil {
		return fmt.Errorf("acknowledgments: no PDF renderer configured")
	}
	pdf, err := s.RenderPDF(ack.Evidence{Ack: *a, Document: v.Document, ClientName: c.Name})
	if err != nil {
		return err
	}
	pdfHash := ack.SHA256(pdf)
	if _, err := tx.exec(ctx, `UPDATE acknowledgments SET signed_pdf = ?, signed_pdf_sha256 = ? WHERE id = ?`, pdf, pdfHash, a.ID); err != nil {
		return err
	}
	var names []string
	for _, sg := range a.Signers {
		when := ""
		if sg.SignedAt != nil {
			when = " on " + sg.SignedAt.Format("January 2, 2006 15:04 MST")
		}
		names = append(names, sg.SignedName+when)
	}
	text := fmt.Sprintf("Acknowledged the social media policy, version %d, electronically. Signed by %s; countersigned by %s.\nDocument SHA-256: %s\nSigned copy SHA-256: %s",
		a.PolicyVersion, strings.Join(names, "; "), a.CountersignedBy, a.DocumentSHA256, pdfHash)
	data, _ := json.Marshal(map[string]any{"acknowledgment_id": a.ID, "policy_version": a.PolicyVersion, "method": a.Method,
		"document_sha256": a.DocumentSHA256, "signed_pdf_sha256": pdfHash})
	return appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: a.ClientID, Kind: "acknowledgment", Text: text, Data: data})
}

// Resend sends fresh links to every client named: the pending signers of an
// open request for the version in force, or a new request (with the same
// signers as last time) when there is none.
func (s *AckStore) Resend(ctx context.Context, actor framekeeper.Actor, clientIDs []string) (int, error) {
	if len(clientIDs) > 1000 {
		return 0, framekeeper.Invalid("client_ids", "Resend to at most 1000 clients at a time.")
	}
	n := 0
	err := s.db.inTx(ctx, func(tx *Tx) error {
		v, err := currentVersion(ctx, tx)
		if err != nil {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "Publish the policy before asking clients to acknowledge it.")
		}
		practice := practiceName(ctx, tx)
		for _, id := range clientIDs {
			c, err := findClientForActor(ctx, tx, actor, strings.TrimSpace(id), false)
			if err != nil {
				return err
			}
			acks, err := findAcks(ctx, tx, `client_id = ?`, c.ID)
			if err != nil {
				return err
			}
			var open *ack.Acknowledgment
			for i := range acks {
				if acks[i].PolicyVersion == v.Number && acks[i].EffectiveStatus(tx.now) == ack.StatusPending {
					open = &acks[i]
					break
				}
			}
			if open != nil {
				for i := range open.Signers {
					sg := &open.Signers[i]
					if sg.Status == ack.SignerSigned {
						continue
					}
					inv := ack.Invitation{Practice: practice, ClientName: c.Name, Reminder: true, Summary: open.ChangeSummary}
					if err := s.deliver(ctx, tx, open, sg, inv, ack.EventReminded); err != nil {
						return err
					}
				}
			} else {
				signers := defaultSigners(c)
				if len(acks) > 0 && len(acks[0].Signers) > 0 {
					signers = signers[:0]
					for _, sg := range acks[0].Signers {
						signers = append(signers, ack.SignerInput{Name: sg.Name, Email: sg.Email})
					}
				}
				if _, err := s.newRequest(ctx, tx, actor.Name, c, v, signers, nil, ack.DefaultTTL, "request", "", true); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}

// Status reports every current client the actor may see against the
// version in force.
func (s *AckStore) Status(ctx context.Context, actor framekeeper.Actor) (ack.Report, error) {
	var rep ack.Report
	err := s.db.readTx(ctx, func(tx *Tx) error {
		current := 0
		if v, err := currentVersion(ctx, tx); err == nil {
			current = v.Number
		}
		q, args := `SELECT id, name, status FROM clients WHERE status = ?`, []any{framekeeper.StatusCurrent}
		if !actor.CanSeeAllClients() {
			q, args = q+` AND therapist_id = ?`, append(args, actor.StaffID)
		}
		rows, err := tx.query(ctx, q+` ORDER BY name, id`, args...)
		if err != nil {
			return err
		}
		var states []ack.ClientState
		for rows.Next() {
			var st ack.ClientState
			if err := rows.Scan(&st.ClientID, &st.Name, &st.ClientStatus); err != nil {
				rows.Close()
				return normalise(err)
			}
			states = append(states, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return normalise(err)
		}
		byClient := map[string][]ack.Acknowledgment{}
		where := `client_id IN (SELECT id FROM clients WHERE status = ?)`
		all, err := findAcks(ctx, tx, where, framekeeper.StatusCurrent)
		if err != nil {
			return err
		}
		for _, a := range all {
			byClient[a.ClientID] = append(byClient[a.ClientID], a)
		}
		for i, st := range states {
			ns := ack.StateOf(current, byClient[st.ClientID], tx.now)
			ns.ClientID, ns.Name, ns.ClientStatus = st.ClientID, st.Name, st.ClientStatus
			states[i] = ns
		}
		rep = ack.NewReport(current, states)
		return nil
	})
	return rep, err
}

// SignedPDF returns the stored signed copy of a completed acknowledgment.
func (s *AckStore) SignedPDF(ctx context.Context, actor framekeeper.Actor, id string) ([]byte, error) {
	var pdf []byte
	err := s.db.inTx(ctx, func(tx *Tx) error {
		a, c, err := ackForActor(ctx, tx, actor, id, false)
		if err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT signed_pdf FROM acknowledgments WHERE id = ?`, a.ID).Scan(&pdf); err != nil {
			return normalise(err)
		}
		if len(pdf) == 0 {
			return framekeeper.Errorf(framekeeper.ENOTFOUND, "There is no signed copy yet: it is made when every signer has signed and the therapist has countersigned.")
		}
		return logAccess(ctx, tx, actor, c.ID, "read_acknowledgment_pdf")
	})
	return pdf, err
}

// Scan returns the uploaded scan of a paper acknowledgment.
func (s *AckStore) Scan(ctx context.Context, actor framekeeper.Actor, id string) ([]byte, string, error) {
	if !actor.CanReadChart() {
		return nil, "", framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read signed documents.")
	}
	var scan []byte
	var typ string
	err := s.db.inTx(ctx, func(tx *Tx) error {
		a, c, err := ackForActor(ctx, tx, actor, id, false)
		if err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT scan, scan_type FROM acknowledgments WHERE id = ?`, a.ID).Scan(&scan, &typ); err != nil {
			return normalise(err)
		}
		if len(scan) == 0 {
			return framekeeper.Errorf(framekeeper.ENOTFOUND, "This acknowledgment has no scan.")
		}
		return logAccess(ctx, tx, actor, c.ID, "read_acknowledgment_scan")
	})
	return scan, typ, err
}

// RecordPaper records a wet signature from its scan, attested by the staff
// member who saw the paper. Open electronic requests for the same version
// are withdrawn: the paper replaces them.
func (s *AckStore) RecordPaper(ctx context.Context, actor framekeeper.Actor, clientID string, p ack.PaperRecord) (*ack.Acknowledgment, error) {
	if !actor.CanWriteChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only clinical staff and admins record signed paper.")
	}
	typ, err := p.Validate()
	if err != nil {
		return nil, err
	}
	var out *ack.Acknowledgment
	err = s.db.inTx(ctx, func(tx *Tx) error {
		c, err := findClientForActor(ctx, tx, actor, clientID, true)
		if err != nil {
			return err
		}
		if p.SignedOn.After(tx.now.Add(24 * time.Hour)) {
			return framekeeper.Invalid("signed_on", "The date of signing cannot be in the future.")
		}
		v, err := currentVersion(ctx, tx)
		if err != nil {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "Publish the policy before recording acknowledgments.")
		}
		open, err := findAcks(ctx, tx, `client_id = ? AND policy_version = ? AND status = ?`, c.ID, v.Number, ack.StatusPending)
		if err != nil {
			return err
		}
		for i := range open {
			if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ?, revoked_at = ? WHERE id = ?`, ack.StatusRevoked, tx.now, open[i].ID); err != nil {
				return err
			}
			if err := endLinks(ctx, tx, &open[i]); err != nil {
				return err
			}
			if err := insertAckEvent(ctx, tx, open[i].ID, "", ack.EventSuperseded, "", "", actor.Name, "signed on paper instead"); err != nil {
				return err
			}
		}
		signedOn := p.SignedOn.UTC()
		scanHash := ack.SHA256(p.Scan)
		id := newID("ak_")
		if _, err := tx.exec(ctx, `INSERT INTO acknowledgments (id, client_id, policy_version, document_sha256, method, reason, status, created_at, created_by,
			expires_at, signed_at, scan, scan_type, scan_sha256, attestation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, c.ID, v.Number, ack.DocumentHash(v.Document), ack.MethodPaper, "request", ack.StatusSigned, tx.now, actor.Name,
			tx.now, signedOn, p.Scan, typ, scanHash, p.Attestation); err != nil {
			return err
		}
		for i, name := range p.Signers {
			if _, err := tx.exec(ctx, `INSERT INTO ack_signers (id, ack_id, position, name, delivery, status, signed_name, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				newID("as_"), id, i, name, ack.DeliveryLetter, ack.SignerSigned, name, signedOn); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("wet signature of %s dated %s; scan %s SHA-256 %s; attested by %s: %s",
			strings.Join(p.Signers, ", "), signedOn.Format("2006-01-02"), typ, scanHash, actor.Name, p.Attestation)
		if err := insertAckEvent(ctx, tx, id, "", ack.EventPaperRecorded, "", "", actor.Name, detail); err != nil {
			return err
		}
		data, _ := json.Marshal(map[string]any{"acknowledgment_id": id, "policy_version": v.Number, "method": ack.MethodPaper,
			"document_sha256": ack.DocumentHash(v.Document), "scan_sha256": scanHash})
		text := fmt.Sprintf("Acknowledged the social media policy, version %d, on paper: signed by %s on %s. Scan recorded and attested by %s.\nDocument SHA-256: %s\nScan SHA-256: %s",
			v.Number, strings.Join(p.Signers, ", "), signedOn.Format("January 2, 2006"), actor.Name, ack.DocumentHash(v.Document), scanHash)
		if err := appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: c.ID, Kind: "acknowledgment", AuthorID: actor.StaffID, Text: text, Data: data}); err != nil {
			return err
		}
		if out, err = loadAck(ctx, tx, id, true); err != nil {
			return err
		}
		return logAccess(ctx, tx, actor, c.ID, "record_paper_acknowledgment")
	})
	return out, err
}

// Letters issues links for every signer waiting for a printed letter, marks
// the letters printed and returns them.
func (s *AckStore) Letters(ctx context.Context, actor framekeeper.Actor) ([]ack.Letter, error) {
	var out []ack.Letter
	err := s.db.inTx(ctx, func(tx *Tx) error {
		acks, err := findAcks(ctx, tx, `status = ? AND expires_at > ? AND id IN (SELECT ack_id FROM ack_signers WHERE letter_pending)`, ack.StatusPending, tx.now)
		if err != nil {
			return err
		}
		practice := practiceName(ctx, tx)
		for i := range acks {
			a := &acks[i]
			c, err := findClientForActor(ctx, tx, actor, a.ClientID, false)
			if err != nil {
				continue // another therapist's client: theirs to print
			}
			for j := range a.Signers {
				sg := &a.Signers[j]
				if !sg.LetterPending {
					continue
				}
				url, err := s.issueLink(ctx, tx, sg.ID, a.ExpiresAt)
				if err != nil {
					return err
				}
				if _, err := tx.exec(ctx, `UPDATE ack_signers SET letter_pending = ?, last_sent_at = ? WHERE id = ?`, false, tx.now, sg.ID); err != nil {
					return err
				}
				if err := insertAckEvent(ctx, tx, a.ID, sg.ID, ack.EventLetterPrinted, "", "", actor.Name, "printed letter for "+sg.Name); err != nil {
					return err
				}
				out = append(out, ack.Letter{Practice: practice, ClientName: c.Name, SignerName: sg.Name, URL: url, ExpiresAt: a.ExpiresAt,
					Version: a.PolicyVersion, Summary: a.ChangeSummary})
			}
		}
		return nil
	})
	return out, err
}

// Evidence returns what a printed copy of an acknowledgment shows.
func (s *AckStore) Evidence(ctx context.Context, actor framekeeper.Actor, id string) (ack.Evidence, error) {
	var ev ack.Evidence
	err := s.db.inTx(ctx, func(tx *Tx) error {
		a, c, err := ackForActor(ctx, tx, actor, id, false)
		if err != nil {
			return err
		}
		v, err := versionByNumber(ctx, tx, a.PolicyVersion)
		if err != nil {
			return err
		}
		redact(actor, a)
		ev = ack.Evidence{Ack: *a, Document: v.Document, ClientName: c.Name}
		return nil
	})
	return ev, err
}

// BlankEvidence is the version in force with a blank signature block for a
// client, to print and sign on paper.
func (s *AckStore) BlankEvidence(ctx context.Context, actor framekeeper.Actor, clientID string) (ack.Evidence, error) {
	var ev ack.Evidence
	err := s.db.inTx(ctx, func(tx *Tx) error {
		c, err := findClientForActor(ctx, tx, actor, clientID, false)
		if err != nil {
			return err
		}
		v, err := currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		ev = ack.Evidence{Ack: ack.Acknowledgment{PolicyVersion: v.Number, DocumentSHA256: ack.DocumentHash(v.Document)}, Document: v.Document, ClientName: c.Name}
		return nil
	})
	return ev, err
}

// The public signing page.

type linkRef struct {
	signerID string
	expires  time.Time
	ack      *ack.Acknowledgment
	signer   *ack.Signer
}

// resolveLink finds the signer behind a token and says why it cannot be
// used, if it cannot. A signed signer is returned with a used-link error,
// so the page can still offer their copy for a short while.
func resolveLink(ctx context.Context, tx *Tx, token string, lock bool) (*linkRef, error) {
	if !ack.ValidToken(token) {
		return nil, &ack.LinkError{Reason: ack.LinkUnknown}
	}
	ref := &linkRef{}
	q := `SELECT signer_id, expires_at FROM ack_tokens WHERE token_hash = ?`
	if lock {
		q += tx.db.dialect.forUpdate()
	}
	err := tx.queryRow(ctx, q, auth.HashSecret(token)).Scan(&ref.signerID, &ref.expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &ack.LinkError{Reason: ack.LinkUnknown}
	} else if err != nil {
		return nil, normalise(err)
	}
	var ackID string
	if err := tx.queryRow(ctx, `SELECT ack_id FROM ack_signers WHERE id = ?`, ref.signerID).Scan(&ackID); err != nil {
		return nil, normalise(err)
	}
	if ref.ack, err = loadAck(ctx, tx, ackID, false); err != nil {
		return nil, err
	}
	for i := range ref.ack.Signers {
		if ref.ack.Signers[i].ID == ref.signerID {
			ref.signer = &ref.ack.Signers[i]
		}
	}
	if ref.signer == nil {
		return nil, &ack.LinkError{Reason: ack.LinkUnknown}
	}
	switch {
	case ref.signer.Status == ack.SignerSigned:
		return ref, &ack.LinkError{Reason: ack.LinkUsed}
	case ref.ack.Status == ack.StatusRevoked:
		return nil, &ack.LinkError{Reason: ack.LinkRevoked}
	case ref.ack.Status == ack.StatusNeedsReack:
		return nil, &ack.LinkError{Reason: ack.LinkSuperseded}
	case ref.ack.EffectiveStatus(tx.now) == ack.StatusExpired || !tx.now.Before(ref.expires):
		return nil, &ack.LinkError{Reason: ack.LinkExpired}
	}
	return ref, nil
}

func (ref *linkRef) view(ctx context.Context, tx *Tx) (*ack.SigningView, error) {
	v, err := versionByNumber(ctx, tx, ref.ack.PolicyVersion)
	if err != nil {
		return nil, err
	}
	if got := ack.DocumentHash(v.Document); got != ref.ack.DocumentSHA256 {
		return nil, fmt.Errorf("acknowledgment %s: document of version %d no longer hashes to what was sent", ref.ack.ID, v.Number)
	}
	sv := &ack.SigningView{Practice: practiceName(ctx, tx), SignerName: ref.signer.Name, SignerStatus: ref.signer.Status,
		Status: ref.ack.EffectiveStatus(tx.now), SignedAt: ref.signer.SignedAt, ExpiresAt: ref.ack.ExpiresAt, PolicyVersion: v.Number,
		DocumentHash: ref.ack.DocumentSHA256, Document: v.Document, AckID: ref.ack.ID}
	sv.CopyAvailable = ref.signer.SignedAt != nil && tx.now.Sub(*ref.signer.SignedAt) < ack.CopyWindow
	return sv, nil
}

// Open shows the signing page to a link's holder and records that it was
// opened.
func (s *AckStore) Open(ctx context.Context, token, ip, ua string) (*ack.SigningView, error) {
	var out *ack.SigningView
	err := s.db.inTx(ctx, func(tx *Tx) error {
		ref, err := resolveLink(ctx, tx, token, false)
		if err != nil {
			if ref != nil { // used: show the thank-you page, record nothing
				out, _ = ref.view(ctx, tx)
			}
			return err
		}
		if out, err = ref.view(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE ack_signers SET opened_at = COALESCE(opened_at, ?) WHERE id = ?`, tx.now, ref.signer.ID); err != nil {
			return err
		}
		return insertAckEvent(ctx, tx, ref.ack.ID, ref.signer.ID, ack.EventOpened, ip, ua, ref.signer.Name, "")
	})
	return out, err
}

// Sign records a signature. Without the consent and intent steps nothing is
// written; the view comes back so the page can show the form again.
func (s *AckStore) Sign(ctx context.Context, token string, sig ack.Signature) (*ack.SigningView, error) {
	var out *ack.SigningView
	err := s.db.inTx(ctx, func(tx *Tx) error {
		ref, err := resolveLink(ctx, tx, token, true)
		if err != nil {
			if ref != nil {
				out, _ = ref.view(ctx, tx)
			}
			return err
		}
		if out, err = ref.view(ctx, tx); err != nil {
			return err
		}
		if err := sig.Validate(); err != nil {
			return err
		}
		// Lock the request so two signers finishing at once both see the
		// other's signature when deciding whether all have signed.
		if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = status WHERE id = ?`, ref.ack.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE ack_signers SET status = ?, signed_name = ?, signed_at = ?, questions = ?, paper_requested = ? WHERE id = ?`,
			ack.SignerSigned, sig.TypedName, tx.now, sig.Questions, false, ref.signer.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("typed name %q; consented to electronic records; confirmed intent to sign; version %d, document SHA-256 %s",
			sig.TypedName, ref.ack.PolicyVersion, ref.ack.DocumentSHA256)
		if err := insertAckEvent(ctx, tx, ref.ack.ID, ref.signer.ID, ack.EventSigned, sig.IP, sig.UserAgent, ref.signer.Name, detail); err != nil {
			return err
		}
		if sig.Questions != "" {
			if err := insertAckEvent(ctx, tx, ref.ack.ID, ref.signer.ID, ack.EventQuestions, sig.IP, sig.UserAgent, ref.signer.Name, sig.Questions); err != nil {
				return err
			}
			if err := insertAgenda(ctx, tx, &framekeeper.AgendaItem{ClientID: ref.ack.ClientID, Source: "acknowledgment",
				Text: fmt.Sprintf("Questions about the social media policy (version %d) from %s: %s", ref.ack.PolicyVersion, ref.signer.Name, sig.Questions)}); err != nil {
				return err
			}
		}
		var left int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM ack_signers WHERE ack_id = ? AND status <> ?`, ref.ack.ID, ack.SignerSigned).Scan(&left); err != nil {
			return normalise(err)
		}
		if left == 0 {
			if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ?, signed_at = ? WHERE id = ?`, ack.StatusSigned, tx.now, ref.ack.ID); err != nil {
				return err
			}
		}
		now := tx.now
		out.SignerStatus, out.SignedAt, out.CopyAvailable = ack.SignerSigned, &now, true
		if left == 0 {
			out.Status = ack.StatusSigned
		}
		return nil
	})
	return out, err
}

// AskPaper records that a signer would rather sign on paper, and puts it on
// the next session's agenda.
func (s *AckStore) AskPaper(ctx context.Context, token, ip, ua string) (*ack.SigningView, error) {
	var out *ack.SigningView
	err := s.db.inTx(ctx, func(tx *Tx) error {
		ref, err := resolveLink(ctx, tx, token, true)
		if err != nil {
			if ref != nil {
				out, _ = ref.view(ctx, tx)
			}
			return err
		}
		if out, err = ref.view(ctx, tx); err != nil {
			return err
		}
		if ref.signer.PaperRequested {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE ack_signers SET status = ?, paper_requested = ? WHERE id = ?`, ack.SignerDeclined, true, ref.signer.ID); err != nil {
			return err
		}
		if err := insertAckEvent(ctx, tx, ref.ack.ID, ref.signer.ID, ack.EventDeclined, ip, ua, ref.signer.Name, "asked to sign on paper instead of electronically"); err != nil {
			return err
		}
		out.SignerStatus = ack.SignerDeclined
		return insertAgenda(ctx, tx, &framekeeper.AgendaItem{ClientID: ref.ack.ClientID, Source: "acknowledgment",
			Text: fmt.Sprintf("%s asked to sign the social media policy (version %d) on paper: print it for the next session.", ref.signer.Name, ref.ack.PolicyVersion)})
	})
	return out, err
}

// CopyEvidence is a signer's own signed copy, for CopyWindow after they
// signed: their line and their events only, nothing of other signers.
func (s *AckStore) CopyEvidence(ctx context.Context, token string) (ack.Evidence, error) {
	var ev ack.Evidence
	err := s.db.inTx(ctx, func(tx *Tx) error {
		ref, err := resolveLink(ctx, tx, token, false)
		if ref == nil || ref.signer.SignedAt == nil {
			if err == nil {
				err = &ack.LinkError{Reason: ack.LinkUnknown}
			}
			return err
		}
		if tx.now.Sub(*ref.signer.SignedAt) >= ack.CopyWindow {
			return &ack.LinkError{Reason: ack.LinkUsed}
		}
		a := ref.ack
		if err := loadEvents(ctx, tx, a); err != nil {
			return err
		}
		mine := []ack.Event{}
		for _, e := range a.Events {
			if e.SignerID == ref.signer.ID || e.Kind == ack.EventCreated {
				mine = append(mine, e)
			}
		}
		a.Events, a.Signers = mine, []ack.Signer{*ref.signer}
		a.Signers[0].Questions = ""
		v, err := versionByNumber(ctx, tx, a.PolicyVersion)
		if err != nil {
			return err
		}
		var name string
		if err := tx.queryRow(ctx, `SELECT name FROM clients WHERE id = ?`, a.ClientID).Scan(&name); err != nil {
			return normalise(err)
		}
		ev = ack.Evidence{Ack: *a, Document: v.Document, ClientName: name}
		return nil
	})
	return ev, err
}

// SignAttempts counts requests to the signing pages from an address since a
// time, and how many of them carried an unusable link.
func (s *AckStore) SignAttempts(ctx context.Context, ip string, since time.Time) (total, bad int, err error) {
	err = s.db.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1 END), 0) FROM sign_attempts WHERE ip = ? AND at > ?`,
		ip, since).Scan(&total, &bad)
	return total, bad, normalise(err)
}

// RecordSignAttempt notes one request to the signing pages.
func (s *AckStore) RecordSignAttempt(ctx context.Context, ip string, ok bool) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		// Old attempts are swept on the way, as sessions are.
		if _, err := tx.exec(ctx, `DELETE FROM sign_attempts WHERE at < ?`, tx.now.Add(-24*time.Hour)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sign_attempts (id, ip, ok, at) VALUES (?, ?, ?, ?)`, newID("sa_"), ack.Truncate(ip, 100), ok, tx.now)
		return err
	})
}

// RunPass is one pass of the acknowledgment worker: requests past their
// expiry are marked expired, notices of a new version go out, and pending
// signers are reminded with back-off. It returns how much it did.
func (s *AckStore) RunPass(ctx context.Context) (int, error) {
	n := 0
	err := s.db.inTx(ctx, func(tx *Tx) error {
		expired, err := findAcks(ctx, tx, `status = ? AND expires_at <= ?`, ack.StatusPending, tx.now)
		if err != nil {
			return err
		}
		for i := range expired {
			if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ? WHERE id = ? AND status = ?`, ack.StatusExpired, expired[i].ID, ack.StatusPending); err != nil {
				return err
			}
			if err := endLinks(ctx, tx, &expired[i]); err != nil {
				return err
			}
			if err := insertAckEvent(ctx, tx, expired[i].ID, "", ack.EventExpired, "", "", systemActor, ""); err != nil {
				return err
			}
			n++
		}
		// The literals match the partial index ack_signers_email_pending.
		open, err := findAcks(ctx, tx, `status = ? AND expires_at > ? AND id IN (SELECT ack_id FROM ack_signers WHERE status = 'pending' AND delivery = 'email')`,
			ack.StatusPending, tx.now)
		if err != nil {
			return err
		}
		if len(open) == 0 {
			return nil
		}
		practice := practiceName(ctx, tx)
		due := map[string]bool{}
		rows, err := tx.query(ctx, `SELECT id FROM ack_signers WHERE notice_due`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return normalise(err)
			}
			due[id] = true
		}
		rows.Close()
		for i := range open {
			a := &open[i]
			var clientName string
			if err := tx.queryRow(ctx, `SELECT name FROM clients WHERE id = ?`, a.ClientID).Scan(&clientName); err != nil {
				return normalise(err)
			}
			for j := range a.Signers {
				sg := &a.Signers[j]
				if sg.Status != ack.SignerPending || sg.Delivery != ack.DeliveryEmail {
					continue
				}
				inv := ack.Invitation{Practice: practice, ClientName: clientName, Summary: a.ChangeSummary}
				// Each sending is claimed by a conditional update first, so
				// two replicas running a pass at once send it only once.
				var claim sql.Result
				kind := ack.EventSent
				switch {
				case due[sg.ID]:
					claim, err = tx.exec(ctx, `UPDATE ack_signers SET notice_due = ? WHERE id = ? AND notice_due = ?`, false, sg.ID, true)
				case sg.LastSentAt != nil && ack.ReminderDue(*sg.LastSentAt, sg.Reminders, a.ExpiresAt, tx.now):
					inv.Reminder, kind = true, ack.EventReminded
					claim, err = tx.exec(ctx, `UPDATE ack_signers SET reminders = ? WHERE id = ? AND reminders = ?`, sg.Reminders+1, sg.ID, sg.Reminders)
				default:
					continue
				}
				if err != nil {
					return err
				}
				if k, _ := claim.RowsAffected(); k == 0 {
					continue
				}
				if err := s.deliver(ctx, tx, a, sg, inv, kind); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// reacknowledge is called by Publish inside its transaction: every current
// client whose newest acknowledgment is of an older version now needs to
// acknowledge again. Their signed acknowledgment becomes
// needs_reacknowledgment, an open request of an older version is withdrawn,
// and a new request with the notice of changes is made for the same
// signers. Notices go out from the worker (by email to those who signed
// electronically, otherwise as letters to print). Former clients are not
// contacted.
func reacknowledge(ctx context.Context, tx *Tx, pub policy.Published) error {
	acks, err := findAcks(ctx, tx, `policy_version < ? AND status IN (?, ?) AND client_id IN (SELECT id FROM clients WHERE status = ?)`,
		pub.Number, ack.StatusSigned, ack.StatusPending, framekeeper.StatusCurrent)
	if err != nil {
		return err
	}
	// Newest first: the first acknowledgment seen for a client is the one
	// whose signers are asked again.
	sort.SliceStable(acks, func(i, j int) bool { return acks[i].CreatedAt.After(acks[j].CreatedAt) })
	asked := map[string]bool{}
	summaries := map[int]string{}
	for i := range acks {
		a := &acks[i]
		detail := fmt.Sprintf("version %d was published", pub.Number)
		if a.Status == ack.StatusSigned {
			if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ? WHERE id = ?`, ack.StatusNeedsReack, a.ID); err != nil {
				return err
			}
		} else {
			if _, err := tx.exec(ctx, `UPDATE acknowledgments SET status = ?, revoked_at = ? WHERE id = ?`, ack.StatusRevoked, tx.now, a.ID); err != nil {
				return err
			}
			if err := endLinks(ctx, tx, a); err != nil {
				return err
			}
		}
		if err := insertAckEvent(ctx, tx, a.ID, "", ack.EventSuperseded, "", "", systemActor, detail); err != nil {
			return err
		}
		if asked[a.ClientID] {
			continue
		}
		asked[a.ClientID] = true
		summary, ok := summaries[a.PolicyVersion]
		if !ok {
			older, err := versionByNumber(ctx, tx, a.PolicyVersion)
			if err != nil {
				return err
			}
			summary = strings.TrimSpace(pub.Summary) + "\n\n" + policy.CompareVersions(older.Version, pub.Version).Summary()
			summaries[a.PolicyVersion] = summary
		}
		var c framekeeper.Client
		c.ID = a.ClientID
		if err := tx.queryRow(ctx, `SELECT name FROM clients WHERE id = ?`, a.ClientID).Scan(&c.Name); err != nil {
			return normalise(err)
		}
		var signers []ack.SignerInput
		electronic := map[int]bool{}
		for k, sg := range a.Signers {
			signers = append(signers, ack.SignerInput{Name: sg.Name, Email: sg.Email})
			// Email only to those who agreed to electronic records.
			electronic[k] = a.Method == ack.MethodElectronic && sg.Email != "" && !sg.PaperRequested
		}
		if len(signers) == 0 {
			continue
		}
		store := &AckStore{db: tx.db}
		if _, err := store.newRequest(ctx, tx, systemActor, &c, pub, signers, electronic, ack.DefaultTTL, "reacknowledgment", summary, false); err != nil {
			return err
		}
	}
	return nil
}
