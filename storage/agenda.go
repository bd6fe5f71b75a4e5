package storage

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
)

func insertAgenda(ctx context.Context, tx *Tx, a *framekeeper.AgendaItem) error {
	a.ID, a.CreatedAt = newID("ag_"), tx.now
	if a.Source == "" {
		a.Source = "interaction"
	}
	var due any
	if a.DueAt != nil {
		due = *a.DueAt
	}
	_, err := tx.exec(ctx, `INSERT INTO agenda_items (id, client_id, interaction_id, source, text, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.ClientID, nullString(a.InteractionID), a.Source, a.Text, tx.now, due)
	return err
}

const agendaColumns = `id, client_id, interaction_id, source, text, created_at, due_at, closed_at, closed_by, close_note`

func scanAgenda(row interface{ Scan(...any) error }) (framekeeper.AgendaItem, error) {
	var a framekeeper.AgendaItem
	var inter *string
	if err := row.Scan(&a.ID, &a.ClientID, &inter, &a.Source, &a.Text, &a.CreatedAt, &a.DueAt, &a.ClosedAt, &a.ClosedBy, &a.CloseNote); err != nil {
		return a, normalise(err)
	}
	if inter != nil {
		a.InteractionID = *inter
	}
	return a, nil
}

// AddAgendaItem puts an item on a client's next-session agenda by hand.
func (db *DB) AddAgendaItem(ctx context.Context, actor framekeeper.Actor, a *framekeeper.AgendaItem) error {
	if !actor.CanWriteChart() {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not add agenda items.")
	}
	a.Text = strings.TrimSpace(a.Text)
	if a.Text == "" || len(a.Text) > 4000 {
		return framekeeper.Invalid("text", "Say what to discuss, in at most 4000 characters.")
	}
	a.Source = "manual"
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := findClientForActor(ctx, tx, actor, a.ClientID, false); err != nil {
			return err
		}
		return insertAgenda(ctx, tx, a)
	})
}

// FindAgenda returns a client's agenda items, open ones only unless all.
func (db *DB) FindAgenda(ctx context.Context, actor framekeeper.Actor, clientID string, all bool) ([]framekeeper.AgendaItem, error) {
	if !actor.CanReadChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read the session agenda.")
	}
	out := []framekeeper.AgendaItem{}
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := findClientForActor(ctx, tx, actor, clientID, false); err != nil {
			return err
		}
		q := `SELECT ` + agendaColumns + ` FROM agenda_items WHERE client_id = ?`
		if !all {
			q += ` AND closed_at IS NULL`
		}
		rows, err := tx.query(ctx, q+` ORDER BY created_at, id`, clientID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAgenda(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return normalise(rows.Err())
	})
	return out, err
}

// CloseAgendaItem closes an item in session with a note, and records the
// discussion in the chart.
func (db *DB) CloseAgendaItem(ctx context.Context, actor framekeeper.Actor, clientID, itemID, note string) (framekeeper.AgendaItem, error) {
	var a framekeeper.AgendaItem
	if !actor.CanWriteChart() {
		return a, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not close agenda items.")
	}
	note = strings.TrimSpace(note)
	if note == "" || len(note) > framekeeper.MaxRecordText {
		return a, framekeeper.Invalid("note", "Write a short note of what was discussed.")
	}
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := findClientForActor(ctx, tx, actor, clientID, true); err != nil {
			return err
		}
		if a, err = scanAgenda(tx.queryRow(ctx, `SELECT `+agendaColumns+` FROM agenda_items WHERE id = ? AND client_id = ?`, itemID, clientID)); err != nil {
			if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
				return framekeeper.Errorf(framekeeper.ENOTFOUND, "Agenda item not found.")
			}
			return err
		}
		if a.ClosedAt != nil {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This item was already closed.")
		}
		now := tx.now
		a.ClosedAt, a.ClosedBy, a.CloseNote = &now, actor.Name, note
		if _, err := tx.exec(ctx, `UPDATE agenda_items SET closed_at = ?, closed_by = ?, close_note = ? WHERE id = ?`, now, actor.Name, note, a.ID); err != nil {
			return err
		}
		data, _ := json.Marshal(map[string]string{"agenda_item": a.ID, "item": a.Text})
		return appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: clientID, Kind: "agenda_closed", AuthorID: actor.StaffID,
			Text: "Discussed in session: " + a.Text + "\n" + note, Data: data})
	})
	return a, err
}

// OverdueAgenda lists open items past their due time, for supervisors.
func (db *DB) OverdueAgenda(ctx context.Context, now time.Time) ([]framekeeper.AgendaItem, error) {
	rows, err := db.query(ctx, `SELECT `+agendaColumns+` FROM agenda_items WHERE closed_at IS NULL AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at`, now)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []framekeeper.AgendaItem{}
	for rows.Next() {
		a, err := scanAgenda(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, normalise(rows.Err())
}
