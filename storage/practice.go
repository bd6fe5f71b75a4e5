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
	err := db.queryRow(ctx, `SELECT id, slug, name, created_at FROM practice ORDER BY created_at LIMIT 1`).
		Scan(&p.ID, &p.Slug, &p.Name, &p.CreatedAt)
	if err != nil {
		if framekeeper.ErrorCode(normalise(err)) == framekeeper.ENOTFOUND {
			return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "No practice is set up yet.")
		}
		return nil, normalise(err)
	}
	return &p, nil
}

// EnsurePractice creates the practice under a name if the database holds
// none yet, and returns the practice.
func (db *DB) EnsurePractice(ctx context.Context, name string) (*framekeeper.Practice, error) {
	var p *framekeeper.Practice
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		p, err = ensurePractice(ctx, tx, name)
		return err
	})
	return p, err
}

func ensurePractice(ctx context.Context, tx *Tx, name string) (*framekeeper.Practice, error) {
	var p framekeeper.Practice
	err := tx.queryRow(ctx, `SELECT id, slug, name, created_at FROM practice ORDER BY created_at LIMIT 1`).
		Scan(&p.ID, &p.Slug, &p.Name, &p.CreatedAt)
	if err == nil {
		return &p, nil
	} else if framekeeper.ErrorCode(normalise(err)) != framekeeper.ENOTFOUND {
		return nil, normalise(err)
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return nil, framekeeper.Invalid("practice_name", "Practice name is required.")
	}
	p = framekeeper.Practice{ID: newID("pr_"), Slug: Slugify(name), Name: name, CreatedAt: tx.now}
	if _, err := tx.exec(ctx, `INSERT INTO practice (id, slug, name, created_at) VALUES (?, ?, ?, ?)`, p.ID, p.Slug, p.Name, tx.now); err != nil {
		return nil, err
	}
	return &p, nil
}

// NeedsSetup reports whether nobody can log in yet: no active admin has a
// password. The console then offers its first-run page.
func (db *DB) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM staff WHERE role = ? AND active = ? AND password_hash <> ''`,
		framekeeper.RoleAdmin, true).Scan(&n)
	return n == 0, normalise(err)
}

// SetupPractice is the first run: it names the practice (creating it if
// needed) and adds the first admin who can log in. It refuses once an admin
// with a password exists, so the first-run page cannot be replayed.
func (db *DB) SetupPractice(ctx context.Context, name string, admin *framekeeper.Staff, passwordHash string) (*framekeeper.Practice, error) {
	if err := admin.Validate(); err != nil {
		return nil, err
	}
	var p *framekeeper.Practice
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM staff WHERE role = ? AND active = ? AND password_hash <> ''`,
			framekeeper.RoleAdmin, true).Scan(&n); err != nil {
			return normalise(err)
		}
		if n > 0 {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This practice is already set up.")
		}
		if p, err = ensurePractice(ctx, tx, name); err != nil {
			return err
		}
		if strings.TrimSpace(name) != "" && p.Name != strings.Join(strings.Fields(name), " ") {
			p.Name = strings.Join(strings.Fields(name), " ")
			if _, err := tx.exec(ctx, `UPDATE practice SET name = ? WHERE id = ?`, p.Name, p.ID); err != nil {
				return err
			}
		}
		admin.ID, admin.CreatedAt, admin.Active = newID("st_"), tx.now, true
		_, err = tx.exec(ctx, `INSERT INTO staff (id, name, email, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			admin.ID, admin.Name, admin.Email, admin.Role, passwordHash, true, tx.now)
		if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
			return framekeeper.Invalid("email", "A staff member with email %s already exists.", admin.Email).WithCode(framekeeper.ECONFLICT)
		}
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
