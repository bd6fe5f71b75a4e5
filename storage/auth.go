package storage

import (
	"context"
	"time"

	"github.com/framekeeper/framekeeper"
)

// CreateSession stores a login session by the hash of its secret.
func (db *DB) CreateSession(ctx context.Context, tokenHash, staffID string, ttl time.Duration) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Expired sessions are swept on the way, so the table stays small
		// without a separate job.
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, tx.now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, staffID, tx.now, tx.now.Add(ttl))
		return err
	})
}

// SessionActor returns who holds a live session.
func (db *DB) SessionActor(ctx context.Context, tokenHash string) (framekeeper.Actor, error) {
	return db.actorBy(ctx, `SELECT s.id, s.name, s.role FROM sessions x JOIN staff s ON s.id = x.staff_id
		WHERE x.token_hash = ? AND x.expires_at > ? AND s.active = ?`, tokenHash, db.Now(), true)
}

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// CreateAPIToken stores an API token's hash for a staff member.
func (db *DB) CreateAPIToken(ctx context.Context, tokenHash, staffID string) (string, error) {
	id := newID("tok_")
	err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO api_tokens (id, token_hash, staff_id, created_at) VALUES (?, ?, ?, ?)`,
			id, tokenHash, staffID, tx.now)
		return err
	})
	return id, err
}

// TokenActor returns who holds a live API token.
func (db *DB) TokenActor(ctx context.Context, tokenHash string) (framekeeper.Actor, error) {
	return db.actorBy(ctx, `SELECT s.id, s.name, s.role FROM api_tokens t JOIN staff s ON s.id = t.staff_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND s.active = ?`, tokenHash, true)
}

func (db *DB) actorBy(ctx context.Context, q string, args ...any) (framekeeper.Actor, error) {
	var a framekeeper.Actor
	err := db.queryRow(ctx, q, args...).Scan(&a.StaffID, &a.Name, &a.Role)
	if err != nil {
		if framekeeper.ErrorCode(normalise(err)) == framekeeper.ENOTFOUND {
			return a, framekeeper.Errorf(framekeeper.EUNAUTHORIZED, "Not signed in, or the session or token has expired.")
		}
		return a, normalise(err)
	}
	return a, nil
}
