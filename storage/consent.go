package storage

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/intake"
)

const consentColumns = `id, client_id, kind, granted, scope, channel, given_at, expires_at, recorded_by, recorded_at, revoked_at, revoked_by, revoke_note`

func scanConsent(row interface{ Scan(...any) error }) (consent.Consent, error) {
	var c consent.Consent
	err := row.Scan(&c.ID, &c.ClientID, &c.Kind, &c.Granted, &c.Scope, &c.Channel, &c.GivenAt, &c.ExpiresAt, &c.RecordedBy, &c.RecordedAt, &c.RevokedAt, &c.RevokedBy, &c.RevokeNote)
	return c, normalise(err)
}

func clientConsents(ctx context.Context, tx *Tx, clientID string) ([]consent.Consent, error) {
	rows, err := tx.query(ctx, `SELECT `+consentColumns+` FROM consents WHERE client_id = ? ORDER BY given_at DESC, recorded_at DESC, id DESC`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []consent.Consent{}
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, normalise(rows.Err())
}

// FindConsents lists a client's consents, newest first.
func (db *DB) FindConsents(ctx context.Context, actor framekeeper.Actor, clientID string) ([]consent.Consent, error) {
	if !actor.CanReadChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read consents.")
	}
	var out []consent.Consent
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := findClientForActor(ctx, tx, actor, clientID, false); err != nil {
			return err
		}
		out, err = clientConsents(ctx, tx, clientID)
		return err
	})
	return out, err
}

// RecordConsent stores a consent or refusal and notes it in the chart.
func (db *DB) RecordConsent(ctx context.Context, actor framekeeper.Actor, c *consent.Consent) error {
	if !actor.CanWriteChart() {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not record consents.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := c.Validate(tx.now); err != nil {
			return err
		}
		if _, err := findClientForActor(ctx, tx, actor, c.ClientID, true); err != nil {
			return err
		}
		c.ID, c.RecordedBy, c.RecordedAt, c.RevokedAt = newID("cs_"), actor.Name, tx.now, nil
		c.GivenAt = c.GivenAt.UTC()
		if _, err := tx.exec(ctx, `INSERT INTO consents (id, client_id, kind, granted, scope, channel, given_at, expires_at, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.ClientID, c.Kind, c.Granted, c.Scope, c.Channel, c.GivenAt, c.ExpiresAt, c.RecordedBy, c.RecordedAt); err != nil {
			return err
		}
		verb := "Consent given"
		if !c.Granted {
			verb = "Consent refused"
		}
		text := verb + ": " + c.Kind.Label()
		if c.Channel != "" {
			text += " (" + c.Channel + ")"
		}
		text += ", given " + c.GivenAt.Format("2 Jan 2006") + ". Scope: " + c.Scope
		data, _ := json.Marshal(map[string]any{"consent_id": c.ID, "kind": c.Kind, "granted": c.Granted, "channel": c.Channel})
		return appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: c.ClientID, Kind: "consent", AuthorID: actor.StaffID, Text: text, Data: data})
	})
}

// RevokeConsent ends a consent from now on; what it allowed before stays
// allowed. The revocation goes into the chart.
func (db *DB) RevokeConsent(ctx context.Context, actor framekeeper.Actor, clientID, consentID, note string) (consent.Consent, error) {
	var c consent.Consent
	if !actor.CanWriteChart() {
		return c, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not revoke consents.")
	}
	note = strings.TrimSpace(note)
	if len(note) > consent.MaxScope {
		return c, framekeeper.Invalid("note", "Keep the note under %d bytes.", consent.MaxScope)
	}
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := findClientForActor(ctx, tx, actor, clientID, true); err != nil {
			return err
		}
		if c, err = scanConsent(tx.queryRow(ctx, `SELECT `+consentColumns+` FROM consents WHERE id = ? AND client_id = ?`, consentID, clientID)); err != nil {
			if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
				return framekeeper.Errorf(framekeeper.ENOTFOUND, "Consent not found.")
			}
			return err
		}
		if c.RevokedAt != nil {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This consent was already revoked.")
		}
		now := tx.now
		c.RevokedAt, c.RevokedBy, c.RevokeNote = &now, actor.Name, note
		if _, err := tx.exec(ctx, `UPDATE consents SET revoked_at = ?, revoked_by = ?, revoke_note = ? WHERE id = ?`, now, actor.Name, note, c.ID); err != nil {
			return err
		}
		text := "Consent revoked: " + c.Kind.Label() + " (given " + c.GivenAt.Format("2 Jan 2006") + ")."
		if note != "" {
			text += " " + note
		}
		data, _ := json.Marshal(map[string]any{"consent_id": c.ID, "kind": c.Kind, "revoked": true})
		return appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: clientID, Kind: "consent", AuthorID: actor.StaffID, Text: text, Data: data})
	})
	return c, err
}

// IntakeConsents is the intake.Pipeline Consents hook: the consents in force
// for a client, over the defaults. An explicit refusal or a revocation turns
// a default off; a search consent turns Search on.
func (db *DB) IntakeConsents(ctx context.Context, clientID string) (intake.Consents, error) {
	out := intake.DefaultConsents
	// A plain read, outside a transaction: SQLite's immediate transactions
	// would make every decision queue behind writers.
	rows, err := db.query(ctx, `SELECT `+consentColumns+` FROM consents WHERE client_id = ?`, clientID)
	if err != nil {
		return out, normalise(err)
	}
	defer rows.Close()
	var cs []consent.Consent
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return out, err
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return out, normalise(err)
	}
	s := consent.Summarise(cs, db.Now())
	out.Texting = consent.Or(s.Texting, out.Texting)
	out.Email = consent.Or(s.Email, out.Email)
	out.Search = consent.Or(s.Search, out.Search)
	return out, nil
}
