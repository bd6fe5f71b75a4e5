package storage

import (
	"context"
	"regexp"
	"strings"

	"github.com/framekeeper/framekeeper"
)

// FindPractice returns the practice this database serves.
func (db *DB) FindPractice(ctx context.Context) (*framekeeper.Practice, error) {
	var p framekeeper.Practice
	err := db.db.QueryRowContext(ctx, `SELECT id, slug, name, created_at FROM practice ORDER BY created_at LIMIT 1`).
		Scan(&p.ID, &p.Slug, &p.Name, &p.CreatedAt)
	if err != nil {
		if framekeeper.ErrorCode(normalise(err)) == framekeeper.ENOTFOUND {
			return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "No practice is set up yet.")
		}
		return nil, normalise(err)
	}
	return &p, nil
}

// CreatePractice sets up the practice with its first admin. It fails with a
// conflict if a practice exists.
func (db *DB) CreatePractice(ctx context.Context, name string, admin *framekeeper.Staff, adminPasswordHash string) (*framekeeper.Practice, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, framekeeper.Invalid("name", "Practice name is required.")
	}
	if err := admin.Validate(); err != nil {
		return nil, err
	}
	p := &framekeeper.Practice{Name: name, Slug: Slugify(name)}
	err := db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM practice`).Scan(&n); err != nil {
			return normalise(err)
		}
		if n > 0 {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This database already holds a practice.")
		}
		p.ID, p.CreatedAt = newID("pr_"), tx.now
		if _, err := tx.exec(ctx, `INSERT INTO practice (id, slug, name, created_at) VALUES (?, ?, ?, ?)`, p.ID, p.Slug, p.Name, tx.now); err != nil {
			return err
		}
		admin.ID, admin.CreatedAt, admin.Active = newID("st_"), tx.now, true
		_, err := tx.exec(ctx, `INSERT INTO staff (id, name, email, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			admin.ID, admin.Name, admin.Email, admin.Role, adminPasswordHash, true, tx.now)
		return err
	})
	return p, err
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes the URL name of a practice from its name.
func Slugify(name string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		return "practice"
	}
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	return s
}
