package storage

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

var _ intake.Store = (*DB)(nil)

// InsertInteraction stores a new interaction as pending. A repeat of a
// channel's external id returns the stored row instead.
func (db *DB) InsertInteraction(ctx context.Context, s *intake.Stored) (bool, error) {
	_, created, err := db.insertInteraction(ctx, s, 0, nil)
	return created, err
}

// InsertClaimed stores a new interaction already leased to the caller, so
// the request that brought it can decide it without a second write; a
// repeat returns the stored row, unclaimed.
func (db *DB) InsertClaimed(ctx context.Context, s *intake.Stored, lease time.Duration) (intake.Claim, bool, error) {
	return db.insertInteraction(ctx, s, lease, nil)
}

// InsertDecided stores a new interaction together with its decision and
// every effect, in one transaction: the request that brought it decided it
// before writing. A repeat returns the stored row and writes nothing.
func (db *DB) InsertDecided(ctx context.Context, s *intake.Stored, o *intake.Outcome) (bool, error) {
	_, created, err := db.insertInteraction(ctx, s, 0, o)
	return created, err
}

// insertInteraction stores s unless its channel's external id is stored
// already: pending, leased to the caller (lease > 0), or done with the
// outcome o. s.ID and s.ReceivedAt are kept when set.
func (db *DB) insertInteraction(ctx context.Context, s *intake.Stored, lease time.Duration, o *intake.Outcome) (intake.Claim, bool, error) {
	input, err := json.Marshal(s.Input)
	if err != nil {
		return intake.Claim{}, false, err
	}
	var decision []byte
	if o != nil {
		if decision, err = json.Marshal(o.Decision); err != nil {
			return intake.Claim{}, false, err
		}
	}
	var ext any
	if s.Input.ID != "" {
		ext = s.Input.ID
	}
	created, token := false, ""
	err = db.inTx(ctx, func(tx *Tx) error {
		existing := func() error {
			row, err := scanInteraction(tx.queryRow(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE channel = ? AND external_id = ?`,
				s.Input.Channel, ext))
			if err == nil {
				*s = row
			}
			return err
		}
		// A decided interaction is inserted unless its external id is
		// stored already (below, one statement for a new one); the other
		// paths look first.
		if ext != nil && o == nil {
			if err := existing(); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
				return err
			}
		}
		if s.ID == "" {
			s.ID = newID("ev_")
		}
		if s.ReceivedAt.IsZero() {
			s.ReceivedAt = tx.now
		}
		s.Status = intake.StatusPending
		var lockedUntil any
		if lease > 0 {
			token = auth.NewSecret("")
			s.Status, s.Attempts, lockedUntil = intake.StatusProcessing, 1, tx.now.Add(lease)
		}
		if o != nil {
			// Inserted only if the configuration generation is the one
			// the decision was made under (any, when o.Generation is 0):
			// the check costs nothing extra inside the write.
			res, err := tx.exec(ctx, `INSERT INTO interactions (id, channel, external_id, kind, input, raw, received_at, status, attempts, lock_token, next_attempt_at,
				decision, client_id, therapist_id, crisis, urgency, processed_at, review_status)
				SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?, (SELECT therapist_id FROM clients WHERE id = ?), ?, ?, ?, ?
				WHERE ? = 0 OR (SELECT n FROM config_generation WHERE id = 1) = ?
				ON CONFLICT (channel, external_id) DO NOTHING`,
				s.ID, s.Input.Channel, ext, s.Input.Kind, string(input), string(s.Raw), s.ReceivedAt, intake.StatusDone, tx.now,
				string(decision), nullString(o.ClientID), o.ClientID, o.Decision.Crisis.Detected, o.Urgency, tx.now, reviewStatus(*o),
				o.Generation, o.Generation)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				// A repeat, whose decision stands, or a stale decision.
				err := existing()
				if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND && o.Generation != 0 {
					return intake.ErrStaleContext
				}
				return err
			}
			if err := writeEffects(ctx, tx, o); err != nil {
				return err
			}
			d := o.Decision
			now := tx.now
			s.Status, s.Attempts, s.Decision, s.ProcessedAt = intake.StatusDone, 1, &d, &now
			s.ClientID, s.Crisis, s.ReviewStatus = o.ClientID, d.Crisis.Detected, reviewStatus(*o)
			created = true
			return nil
		}
		if _, err := tx.exec(ctx, `INSERT INTO interactions (id, channel, external_id, kind, input, raw, received_at, status, attempts, lock_token, locked_until, next_attempt_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.Input.Channel, ext, s.Input.Kind, string(input), string(s.Raw), s.ReceivedAt, s.Status, s.Attempts, token, lockedUntil, tx.now); err != nil {
			return err
		}
		created = true
		return nil
	})
	if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT && ext != nil {
		// Two deliveries raced; the other one won. Return its row.
		row, ferr := scanInteraction(db.queryRow(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE channel = ? AND external_id = ?`, s.Input.Channel, ext))
		if ferr != nil {
			return intake.Claim{}, false, ferr
		}
		*s = row
		return intake.Claim{}, false, nil
	}
	if err != nil || !created || token == "" {
		return intake.Claim{}, created, err
	}
	return intake.Claim{Stored: *s, Token: token}, true, nil
}

const interactionColumns = `id, input, raw, received_at, status, attempts, last_error, client_id, crisis, decision, processed_at, review_status`

func scanInteraction(row interface{ Scan(...any) error }) (intake.Stored, error) {
	var s intake.Stored
	var input string
	var raw, clientID, decision *string
	var processed *time.Time
	if err := row.Scan(&s.ID, &input, &raw, &s.ReceivedAt, &s.Status, &s.Attempts, &s.LastError, &clientID, &s.Crisis, &decision, &processed, &s.ReviewStatus); err != nil {
		return s, normalise(err)
	}
	s.ReceivedAt = s.ReceivedAt.UTC()
	if err := decodeJSON(input, &s.Input); err != nil {
		return s, err
	}
	if raw != nil {
		s.Raw = []byte(*raw)
	}
	if clientID != nil {
		s.ClientID = *clientID
	}
	if decision != nil {
		var d triage.Decision
		if err := decodeJSON(*decision, &d); err != nil {
			return s, err
		}
		s.Decision = &d
	}
	if processed != nil {
		t := processed.UTC()
		s.ProcessedAt = &t
	}
	return s, nil
}

// FindInteraction returns one stored interaction (no access check: for the
// pipeline; people go through FindInteractions and the inbox).
func (db *DB) FindInteraction(ctx context.Context, id string) (intake.Stored, error) {
	s, err := scanInteraction(db.queryRow(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE id = ?`, id))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return s, framekeeper.Errorf(framekeeper.ENOTFOUND, "Interaction not found.")
	}
	return s, err
}

// dueCondition selects interactions a worker may take: waiting, retry time
// come, or a lease that ran out because its worker stopped. Its first term
// is the condition of the partial index interactions_open (migration
// 00008), word for word, so the search reads only open rows.
const dueCondition = openInteraction + ` AND ((status IN ('pending', 'failed') AND next_attempt_at <= ?) OR (status = 'processing' AND locked_until < ?))`

// openInteraction is an interaction not yet decided.
const openInteraction = `status IN ('pending', 'failed', 'processing')`

// ClaimInteraction leases one interaction if it is due.
func (db *DB) ClaimInteraction(ctx context.Context, id string, lease time.Duration) (intake.Claim, bool, error) {
	var c intake.Claim
	ok := false
	err := db.inTx(ctx, func(tx *Tx) error {
		s, err := scanInteraction(tx.queryRow(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE id = ? AND `+dueCondition+tx.db.dialect.skipLocked(), id, tx.now, tx.now))
		if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		c, err = lease1(ctx, tx, s, lease)
		ok = err == nil
		return err
	})
	return c, ok, err
}

func lease1(ctx context.Context, tx *Tx, s intake.Stored, lease time.Duration) (intake.Claim, error) {
	token := auth.NewSecret("")
	s.Status, s.Attempts = intake.StatusProcessing, s.Attempts+1
	_, err := tx.exec(ctx, `UPDATE interactions SET status = ?, attempts = ?, lock_token = ?, locked_until = ? WHERE id = ?`,
		s.Status, s.Attempts, token, tx.now.Add(lease), s.ID)
	return intake.Claim{Stored: s, Token: token}, err
}

// ClaimDue leases up to limit due interactions, oldest first. PostgreSQL
// skips rows another replica holds, so replicas share the work.
func (db *DB) ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]intake.Claim, error) {
	var out []intake.Claim
	err := db.inTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE `+dueCondition+` ORDER BY next_attempt_at, received_at LIMIT ?`+tx.db.dialect.skipLocked(),
			tx.now, tx.now, limit)
		if err != nil {
			return err
		}
		var due []intake.Stored
		for rows.Next() {
			s, err := scanInteraction(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return normalise(err)
		}
		for _, s := range due {
			c, err := lease1(ctx, tx, s, lease)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// Complete commits a decision and its effects, if the claim still holds.
func (db *DB) Complete(ctx context.Context, c intake.Claim, o intake.Outcome) error {
	decision, err := json.Marshal(o.Decision)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		// The interaction goes to the client's therapist's inbox.
		res, err := tx.exec(ctx, `UPDATE interactions SET status = ?, decision = ?, client_id = ?,
			therapist_id = (SELECT therapist_id FROM clients WHERE id = ?), crisis = ?, urgency = ?,
			processed_at = ?, lock_token = '', locked_until = NULL, last_error = '', review_status = ?
			WHERE id = ? AND lock_token = ? AND status = ?`,
			intake.StatusDone, string(decision), nullString(o.ClientID), o.ClientID, o.Decision.Crisis.Detected, o.Urgency,
			tx.now, reviewStatus(o), c.ID, c.Token, intake.StatusProcessing)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "The lease on interaction %s was lost; another worker has it.", c.ID)
		}
		return writeEffects(ctx, tx, &o)
	})
}

// writeEffects commits what a decision does besides marking the
// interaction: chart entry, agenda item, alert, outgoing messages (which
// it gives their ids).
func writeEffects(ctx context.Context, tx *Tx, o *intake.Outcome) error {
	if o.Chart != nil {
		if err := appendRecord(ctx, tx, o.Chart); err != nil {
			return err
		}
	}
	if o.Agenda != nil {
		if err := insertAgenda(ctx, tx, o.Agenda); err != nil {
			return err
		}
	}
	if o.Alert != nil {
		if err := insertAlert(ctx, tx, o.Alert); err != nil {
			return err
		}
	}
	for i := range o.Outbox {
		if err := insertOutboxLimited(ctx, tx, &o.Outbox[i]); err != nil {
			return err
		}
	}
	return nil
}

// reviewStatus marks what a person must look at in the inbox.
func reviewStatus(o intake.Outcome) string {
	switch {
	case o.Decision.Crisis.Detected:
		return "crisis"
	case len(o.Decision.Pending) > 0:
		return "confirm_sender"
	}
	return ""
}

// Fail records a failed attempt; the interaction waits until retryAt.
func (db *DB) Fail(ctx context.Context, c intake.Claim, reason string, retryAt time.Time) error {
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE interactions SET status = ?, last_error = ?, next_attempt_at = ?, lock_token = '', locked_until = NULL
			WHERE id = ? AND lock_token = ?`, intake.StatusFailed, reason, retryAt, c.ID, c.Token)
		return err
	})
}

// FindInteractions lists what the actor may see: admins, supervisors and the
// front desk see all; a therapist sees their own clients'. Crises first,
// then newest. The front desk does not see the text of messages from
// clients (chart content).
func (db *DB) FindInteractions(ctx context.Context, actor framekeeper.Actor, f intake.Filter) ([]intake.Stored, int, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	where, args := []string{"1 = 1"}, []any{}
	if actor.Role == framekeeper.RoleTherapist {
		where, args = append(where, "therapist_id = ?"), append(args, actor.StaffID)
	}
	if f.ClientID != "" {
		where, args = append(where, "client_id = ?"), append(args, f.ClientID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
		if f.Status != intake.StatusDone {
			// Implied by the status, and written out so the planner reads
			// the few open rows through interactions_open.
			where = append(where, openInteraction)
		}
	}
	if f.ReviewStatus != "" {
		where, args = append(where, "review_status = ?"), append(args, f.ReviewStatus)
	}
	if f.Crisis != nil {
		where, args = append(where, "crisis = ?"), append(args, *f.Crisis)
	}
	cond := strings.Join(where, " AND ")
	var out []intake.Stored
	var total int
	// A snapshot for the count and the page alike, without the writer.
	err := db.readTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM interactions WHERE `+cond, args...).Scan(&total); err != nil {
			return normalise(err)
		}
		order := `received_at DESC, id DESC`
		if f.ByUrgency {
			order = `urgency DESC, ` + order
		}
		rows, err := tx.query(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanInteraction(rows)
			if err != nil {
				return err
			}
			if actor.Role == framekeeper.RoleFrontDesk && s.ClientID != "" {
				s.Input.Text = ""
				s.Raw = nil
				if s.Decision != nil {
					d := *s.Decision
					d.ChartNote = nil
					s.Decision = &d
				}
			}
			out = append(out, s)
		}
		return normalise(rows.Err())
	})
	if out == nil {
		out = []intake.Stored{}
	}
	return out, total, err
}
