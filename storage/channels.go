package storage

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/audit"
)

// insertOutboxLimited stores an outgoing message, enforcing RFC 3834's
// "at most one automatic reply per sender per day" for email: the second
// automatic reply to the same address on the same (UTC) day is stored
// cancelled, with the reason, so the record shows it was not sent.
func insertOutboxLimited(ctx context.Context, tx *Tx, m *framekeeper.OutboxMessage) error {
	reason := ""
	if m.Kind == "email" && m.Status != framekeeper.OutboxCancelled && autoReplied(m.Meta) {
		sender := strings.ToLower(strings.TrimSpace(m.Recipient))
		res, err := tx.exec(ctx, `INSERT INTO auto_replies (sender, day, interaction_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (sender, day) DO NOTHING`, sender, tx.now.UTC().Format(time.DateOnly), m.InteractionID, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			m.Status = framekeeper.OutboxCancelled
			reason = "Not sent: this sender already had an automatic reply today (RFC 3834)."
		}
	}
	if err := insertOutbox(ctx, tx, m); err != nil {
		return err
	}
	if reason != "" {
		m.LastError = reason
		_, err := tx.exec(ctx, `UPDATE outbox SET last_error = ? WHERE id = ?`, reason, m.ID)
		return err
	}
	return nil
}

func autoReplied(meta []byte) bool {
	var v struct {
		AutoSubmitted string `json:"auto_submitted"`
	}
	return len(meta) > 0 && json.Unmarshal(meta, &v) == nil && v.AutoSubmitted == "auto-replied"
}

// MailCursor returns where the IMAP poller stopped in a mailbox; ok is false
// for a mailbox never polled.
func (db *DB) MailCursor(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, ok bool, err error) {
	var v, u int64
	err = db.queryRow(ctx, `SELECT uid_validity, last_uid FROM mail_cursors WHERE mailbox = ?`, mailbox).Scan(&v, &u)
	if err != nil {
		if err = normalise(err); framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
			return 0, 0, false, nil
		}
		return 0, 0, false, err
	}
	return uint32(v), uint32(u), true, nil
}

// SaveMailCursor remembers the last UID taken from a mailbox.
func (db *DB) SaveMailCursor(ctx context.Context, mailbox string, uidValidity, lastUID uint32) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE mail_cursors SET uid_validity = ?, last_uid = ?, updated_at = ? WHERE mailbox = ?`,
			int64(uidValidity), int64(lastUID), tx.now, mailbox)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err = tx.exec(ctx, `INSERT INTO mail_cursors (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)`,
				mailbox, int64(uidValidity), int64(lastUID), tx.now)
		}
		return err
	})
}

// RecordIgnoredEvents keeps webhook events that are not interactions, with
// the raw delivery they came in, in one transaction.
func (db *DB) RecordIgnoredEvents(ctx context.Context, es []framekeeper.IgnoredEvent) error {
	if len(es) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for i := range es {
			e := &es[i]
			e.ID, e.ReceivedAt = newID("ie_"), tx.now
			if _, err := tx.exec(ctx, `INSERT INTO ignored_events (id, channel, event_type, external_id, reason, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				e.ID, e.Channel, e.Type, e.ExternalID, e.Reason, string(e.Raw), tx.now); err != nil {
				return err
			}
		}
		return nil
	})
}

// IgnoredEvents lists the newest ignored events (admins).
func (db *DB) IgnoredEvents(ctx context.Context, actor framekeeper.Actor, limit int) ([]framekeeper.IgnoredEvent, error) {
	if actor.Role != framekeeper.RoleAdmin {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins see channel events.")
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := db.query(ctx, `SELECT id, channel, event_type, external_id, reason, received_at
		FROM ignored_events ORDER BY received_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []framekeeper.IgnoredEvent{}
	for rows.Next() {
		var e framekeeper.IgnoredEvent
		if err := rows.Scan(&e.ID, &e.Channel, &e.Type, &e.ExternalID, &e.Reason, &e.ReceivedAt); err != nil {
			return nil, normalise(err)
		}
		e.ReceivedAt = e.ReceivedAt.UTC()
		out = append(out, e)
	}
	return out, normalise(rows.Err())
}

// replyLease is how long a reply taken for a webhook's response stays
// "sending" before a worker may treat it as unsent.
const replyLease = time.Minute

// TakeReply claims the pending reply of one kind for an interaction, for a
// channel whose answer goes back in the webhook response (Twilio's TwiML):
// it is marked as sending, so a redelivery does not send it twice, and the
// caller marks it sent (OutboxSent) once the response is written. A held
// reply (waiting for a person) is never taken.
func (db *DB) TakeReply(ctx context.Context, interactionID, kind string) (framekeeper.OutboxMessage, bool, error) {
	var m framekeeper.OutboxMessage
	ok := false
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		m, err = scanOutbox(tx.queryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE interaction_id = ? AND kind = ? AND status = ?
			ORDER BY created_at LIMIT 1`+tx.db.dialect.forUpdate(), interactionID, kind, framekeeper.OutboxPending))
		if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		m.Status, m.Attempts = framekeeper.OutboxSending, m.Attempts+1
		_, err = tx.exec(ctx, `UPDATE outbox SET status = ?, attempts = ?, locked_until = ? WHERE id = ?`, m.Status, m.Attempts, tx.now.Add(replyLease), m.ID)
		ok = err == nil
		return err
	})
	return m, ok, err
}

// SaveAudit keeps a connection audit's report.
func (db *DB) SaveAudit(ctx context.Context, r *audit.Report) error {
	findings, err := json.Marshal(r.Findings)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		r.ID, r.CreatedAt = newID("au_"), tx.now
		_, err := tx.exec(ctx, `INSERT INTO connection_audits (id, platform, owner, list_kind, people, findings, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Platform, r.Owner, string(r.ListKind), r.People, string(findings), r.CreatedBy, tx.now)
		return err
	})
}
