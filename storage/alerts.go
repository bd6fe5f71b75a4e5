package storage

import (
	"context"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
)

func insertAlert(ctx context.Context, tx *Tx, a *framekeeper.Alert) error {
	a.ID, a.CreatedAt = newID("al_"), tx.now
	_, err := tx.exec(ctx, `INSERT INTO alerts (id, interaction_id, client_id, summary, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.ID, a.InteractionID, nullString(a.ClientID), a.Summary, tx.now)
	return err
}

// OpenAlerts lists crises nobody has acknowledged yet, oldest first. Every
// staff member sees them: a crisis needs whoever is there.
func (db *DB) OpenAlerts(ctx context.Context) ([]framekeeper.Alert, error) {
	rows, err := db.query(ctx, `SELECT id, interaction_id, client_id, summary, created_at, acknowledged_at, acknowledged_by
		FROM alerts WHERE acknowledged_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []framekeeper.Alert{}
	for rows.Next() {
		var a framekeeper.Alert
		var client *string
		if err := rows.Scan(&a.ID, &a.InteractionID, &client, &a.Summary, &a.CreatedAt, &a.AcknowledgedAt, &a.AcknowledgedBy); err != nil {
			return nil, normalise(err)
		}
		if client != nil {
			a.ClientID = *client
		}
		out = append(out, a)
	}
	return out, normalise(rows.Err())
}

// AcknowledgeAlert records that a person has taken a crisis in hand.
func (db *DB) AcknowledgeAlert(ctx context.Context, actor framekeeper.Actor, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL`, tx.now, actor.Name, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return framekeeper.Errorf(framekeeper.ENOTFOUND, "No open alert %q.", id)
		}
		return nil
	})
}

// OnCall returns the on-call rota in order.
func (db *DB) OnCall(ctx context.Context) ([]*framekeeper.Staff, error) {
	rows, err := db.query(ctx, `SELECT s.id, s.name, s.email, s.role, s.active, s.created_at FROM oncall o JOIN staff s ON s.id = o.staff_id ORDER BY o.position`)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []*framekeeper.Staff{}
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, normalise(rows.Err())
}

// SetOnCall replaces the rota (admins and supervisors).
func (db *DB) SetOnCall(ctx context.Context, actor framekeeper.Actor, staffIDs []string) error {
	if actor.Role != framekeeper.RoleAdmin && actor.Role != framekeeper.RoleSupervisor {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors set the on-call rota.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM oncall`); err != nil {
			return err
		}
		for i, id := range staffIDs {
			s, err := findStaffByID(ctx, tx, strings.TrimSpace(id))
			if err != nil || !s.Active {
				return framekeeper.Invalid("staff_ids", "No active staff member has id %q.", id)
			}
			if _, err := tx.exec(ctx, `INSERT INTO oncall (position, staff_id) VALUES (?, ?)`, i+1, s.ID); err != nil {
				if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
					return framekeeper.Invalid("staff_ids", "%s is on the rota twice.", s.Name)
				}
				return err
			}
		}
		return nil
	})
}

func insertOutbox(ctx context.Context, tx *Tx, m *framekeeper.OutboxMessage) error {
	m.ID, m.CreatedAt = newID("ob_"), tx.now
	if m.Status == "" {
		m.Status = framekeeper.OutboxPending
	}
	meta := string(m.Meta)
	if meta == "" {
		meta = "{}"
	}
	var lockedUntil any
	if m.Status == framekeeper.OutboxSending {
		// Taken already by whoever sends it now (an SMS reply in the
		// webhook's response), leased as TakeReply would.
		lockedUntil = tx.now.Add(replyLease)
	}
	_, err := tx.exec(ctx, `INSERT INTO outbox (id, kind, recipient, subject, body, meta, interaction_id, created_at, status, attempts, locked_until, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Kind, m.Recipient, m.Subject, m.Body, meta, nullString(m.InteractionID), tx.now, m.Status, m.Attempts, lockedUntil, tx.now)
	return err
}

// EnqueueOutbox adds messages to deliver, in one transaction.
func (db *DB) EnqueueOutbox(ctx context.Context, ms []framekeeper.OutboxMessage) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for i := range ms {
			if err := insertOutbox(ctx, tx, &ms[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

const outboxColumns = `id, kind, recipient, subject, body, meta, interaction_id, status, attempts, last_error, created_at, sent_at`

func scanOutbox(row interface{ Scan(...any) error }) (framekeeper.OutboxMessage, error) {
	var m framekeeper.OutboxMessage
	var meta string
	var inter *string
	if err := row.Scan(&m.ID, &m.Kind, &m.Recipient, &m.Subject, &m.Body, &meta, &inter, &m.Status, &m.Attempts, &m.LastError, &m.CreatedAt, &m.SentAt); err != nil {
		return m, normalise(err)
	}
	m.Meta = []byte(meta)
	if inter != nil {
		m.InteractionID = *inter
	}
	return m, nil
}

// ClaimOutbox leases up to limit messages of the given kinds that are due.
func (db *DB) ClaimOutbox(ctx context.Context, kinds []string, limit int, lease time.Duration) ([]framekeeper.OutboxMessage, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	var out []framekeeper.OutboxMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		args := []any{tx.now, tx.now}
		for _, k := range kinds {
			args = append(args, k)
		}
		args = append(args, limit)
		// The first condition is the partial index outbox_open's.
		rows, err := tx.query(ctx, `SELECT `+outboxColumns+` FROM outbox
			WHERE status IN ('pending', 'failed', 'sending')
			AND ((status IN ('pending', 'failed') AND next_attempt_at <= ?) OR (status = 'sending' AND locked_until < ?))
			AND kind IN (`+placeholders(len(kinds))+`) ORDER BY next_attempt_at LIMIT ?`+tx.db.dialect.skipLocked(), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return normalise(err)
		}
		for i := range out {
			out[i].Status, out[i].Attempts = framekeeper.OutboxSending, out[i].Attempts+1
			if _, err := tx.exec(ctx, `UPDATE outbox SET status = ?, attempts = ?, locked_until = ? WHERE id = ?`,
				out[i].Status, out[i].Attempts, tx.now.Add(lease), out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// OutboxSent marks a message delivered.
func (db *DB) OutboxSent(ctx context.Context, id string) error {
	return db.writeOne(ctx, `UPDATE outbox SET status = ?, sent_at = ?, last_error = '', locked_until = NULL WHERE id = ?`, framekeeper.OutboxSent, db.now(), id)
}

// OutboxFailed records a failed delivery and when to try again.
func (db *DB) OutboxFailed(ctx context.Context, id, reason string, retryAt time.Time) error {
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	return db.writeOne(ctx, `UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = ?, locked_until = NULL WHERE id = ?`,
		framekeeper.OutboxFailed, reason, retryAt, id)
}

// FindOutbox lists messages, newest first, optionally for one interaction.
func (db *DB) FindOutbox(ctx context.Context, interactionID string, limit int) ([]framekeeper.OutboxMessage, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q, args := `SELECT `+outboxColumns+` FROM outbox`, []any{}
	if interactionID != "" {
		q, args = q+` WHERE interaction_id = ?`, append(args, interactionID)
	}
	rows, err := db.query(ctx, q+` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []framekeeper.OutboxMessage{}
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, normalise(rows.Err())
}

// OpenCrises counts crisis alerts nobody has acknowledged (metrics).
func (db *DB) OpenCrises(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL`).Scan(&n)
	return n, normalise(err)
}

// QueueDepth counts interactions stored and not yet decided (metrics).
func (db *DB) QueueDepth(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM interactions WHERE `+openInteraction).Scan(&n)
	return n, normalise(err)
}
