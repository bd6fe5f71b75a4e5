package storage

import (
	"context"
	"fmt"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/record"
)

// AppendRecord adds an entry to a client's chart. Nothing in a chart is ever
// updated or deleted: a correction is a new entry naming the one it amends.
func (db *DB) AppendRecord(ctx context.Context, actor framekeeper.Actor, e *framekeeper.RecordEntry) error {
	if !actor.CanWriteChart() {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not write chart entries.")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := findClientForActor(ctx, tx, actor, e.ClientID, true); err != nil {
			return err
		}
		e.AuthorID = actor.StaffID
		return appendRecord(ctx, tx, e)
	})
}

// appendRecord seals and inserts an entry after the client's chart head, and
// moves the head, inside the caller's transaction. The caller has locked the
// client row (PostgreSQL) or holds the write lock (SQLite).
func appendRecord(ctx context.Context, tx *Tx, e *framekeeper.RecordEntry) error {
	var seq int64
	var head string
	if err := tx.queryRow(ctx, `SELECT chart_seq, chart_head FROM clients WHERE id = ?`+tx.db.dialect.forUpdate(), e.ClientID).Scan(&seq, &head); err != nil {
		return normalise(err)
	}
	if e.Amends != "" {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM record_entries WHERE id = ? AND client_id = ?`, e.Amends, e.ClientID).Scan(&n); err != nil {
			return normalise(err)
		}
		if n == 0 {
			return framekeeper.Invalid("amends", "Entry %q is not in this client's chart.", e.Amends)
		}
	}
	e.ID, e.CreatedAt = newID("re_"), tx.now
	record.Seal(e, seq, head)
	var data any
	if len(e.Data) > 0 {
		data = string(e.Data)
	}
	if _, err := tx.exec(ctx, `INSERT INTO record_entries (id, client_id, seq, kind, text, data, author_id, amends, created_at, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.ClientID, e.Seq, e.Kind, e.Text, data, e.AuthorID, e.Amends, e.CreatedAt, e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE clients SET chart_seq = ?, chart_head = ? WHERE id = ?`, e.Seq, e.Hash, e.ClientID)
	return err
}

// FindRecords returns a client's chart in order, and logs the read.
func (db *DB) FindRecords(ctx context.Context, actor framekeeper.Actor, clientID string) ([]framekeeper.RecordEntry, error) {
	if !actor.CanReadChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read chart content.")
	}
	var out []framekeeper.RecordEntry
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := findClientForActor(ctx, tx, actor, clientID, false); err != nil {
			return err
		}
		if out, err = chart(ctx, tx, clientID); err != nil {
			return err
		}
		return logAccess(ctx, tx, actor, clientID, "read_chart")
	})
	return out, err
}

const recordColumns = `id, client_id, seq, kind, text, data, author_id, amends, created_at, prev_hash, hash`

func scanRecord(row interface{ Scan(...any) error }) (framekeeper.RecordEntry, error) {
	var e framekeeper.RecordEntry
	var data *string
	err := row.Scan(&e.ID, &e.ClientID, &e.Seq, &e.Kind, &e.Text, &data, &e.AuthorID, &e.Amends, &e.CreatedAt, &e.PrevHash, &e.Hash)
	if data != nil {
		e.Data = []byte(*data)
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return e, normalise(err)
}

func chart(ctx context.Context, tx *Tx, clientID string) ([]framekeeper.RecordEntry, error) {
	rows, err := tx.query(ctx, `SELECT `+recordColumns+` FROM record_entries WHERE client_id = ? ORDER BY seq, id`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []framekeeper.RecordEntry{}
	for rows.Next() {
		e, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, normalise(rows.Err())
}

// VerifyRecords checks every client's chart chain. It returns the number of
// entries checked and the first problem found (nil when all are intact). It
// streams, so a million charts do not sit in memory at once.
func (db *DB) VerifyRecords(ctx context.Context) (int64, *record.Problem, error) {
	heads, err := db.query(ctx, `SELECT id, chart_seq, chart_head FROM clients ORDER BY id`)
	if err != nil {
		return 0, nil, normalise(err)
	}
	defer heads.Close()
	entries, err := db.query(ctx, `SELECT `+recordColumns+` FROM record_entries ORDER BY client_id, seq, id`)
	if err != nil {
		return 0, nil, normalise(err)
	}
	defer entries.Close()

	var checked int64
	var pending *framekeeper.RecordEntry // first entry of the next client, read ahead
	next := func() (*framekeeper.RecordEntry, error) {
		if !entries.Next() {
			return nil, normalise(entries.Err())
		}
		e, err := scanRecord(entries)
		return &e, err
	}
	if pending, err = next(); err != nil {
		return 0, nil, err
	}
	for heads.Next() {
		var id, head string
		var seq int64
		if err := heads.Scan(&id, &seq, &head); err != nil {
			return checked, nil, normalise(err)
		}
		if pending != nil && pending.ClientID < id {
			return checked, &record.Problem{ClientID: pending.ClientID, EntryID: pending.ID, Seq: pending.Seq, Reason: "belongs to no client"}, nil
		}
		var es []framekeeper.RecordEntry
		for pending != nil && pending.ClientID == id {
			es = append(es, *pending)
			if pending, err = next(); err != nil {
				return checked, nil, err
			}
		}
		checked += int64(len(es))
		if p := record.Verify(id, es, seq, head); p != nil {
			return checked, p, nil
		}
	}
	if err := heads.Err(); err != nil {
		return checked, nil, normalise(err)
	}
	if pending != nil {
		return checked, &record.Problem{ClientID: pending.ClientID, EntryID: pending.ID, Seq: pending.Seq, Reason: "belongs to no client"}, nil
	}
	return checked, nil, nil
}

// logAccess notes that the actor read or changed a client's record.
func logAccess(ctx context.Context, tx *Tx, actor framekeeper.Actor, clientID, action string) error {
	_, err := tx.exec(ctx, `INSERT INTO access_log (id, at, staff_id, client_id, action) VALUES (?, ?, ?, ?, ?)`,
		newID("al_"), tx.now, actor.StaffID, clientID, action)
	return err
}

// FindAccessLog returns who read a client's record, newest first.
func (db *DB) FindAccessLog(ctx context.Context, actor framekeeper.Actor, clientID string, limit int) ([]framekeeper.AccessEvent, error) {
	if !actor.CanReadAccessLog() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors read the access log.")
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := db.query(ctx, `SELECT a.id, a.at, a.staff_id, COALESCE(s.name, ''), a.client_id, a.action
		FROM access_log a LEFT JOIN staff s ON s.id = a.staff_id
		WHERE a.client_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ?`, clientID, limit)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []framekeeper.AccessEvent{}
	for rows.Next() {
		var e framekeeper.AccessEvent
		if err := rows.Scan(&e.ID, &e.At, &e.StaffID, &e.Staff, &e.ClientID, &e.Action); err != nil {
			return nil, normalise(err)
		}
		out = append(out, e)
	}
	return out, normalise(rows.Err())
}

// Backup writes a consistent copy of a SQLite database to path while the
// server may be writing. PostgreSQL is backed up with pg_dump instead.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != sqliteDialect {
		return fmt.Errorf("backup of PostgreSQL is done with pg_dump")
	}
	_, err := db.db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}
