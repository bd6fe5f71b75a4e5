package storage

import (
	"context"
	"time"

	"github.com/framekeeper/framekeeper"
)

// CreateStaff adds a staff member with an already hashed password ("" for an
// account that cannot log in, such as an API integration).
func (db *DB) CreateStaff(ctx context.Context, s *framekeeper.Staff, passwordHash string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		s.ID, s.CreatedAt, s.Active = newID("st_"), tx.now, true
		_, err := tx.exec(ctx, `INSERT INTO staff (id, name, email, role, password_hash, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, s.Name, s.Email, s.Role, passwordHash, true, tx.now)
		if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
			return framekeeper.Invalid("email", "A staff member with email %s already exists.", s.Email).WithCode(framekeeper.ECONFLICT)
		}
		return err
	})
}

const staffColumns = `id, name, email, role, active, created_at`

func scanStaff(row interface{ Scan(...any) error }) (*framekeeper.Staff, error) {
	var s framekeeper.Staff
	if err := row.Scan(&s.ID, &s.Name, &s.Email, &s.Role, &s.Active, &s.CreatedAt); err != nil {
		return nil, normalise(err)
	}
	return &s, nil
}

// FindStaffByID returns one staff member.
func (db *DB) FindStaffByID(ctx context.Context, id string) (*framekeeper.Staff, error) {
	var s *framekeeper.Staff
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		s, err = findStaffByID(ctx, tx, id)
		return err
	})
	return s, err
}

func findStaffByID(ctx context.Context, tx *Tx, id string) (*framekeeper.Staff, error) {
	return scanStaff(tx.queryRow(ctx, `SELECT `+staffColumns+` FROM staff WHERE id = ?`, id))
}

// StaffCredentials returns the staff member with this email and their
// password hash, for login.
func (db *DB) StaffCredentials(ctx context.Context, email string) (*framekeeper.Staff, string, error) {
	var s framekeeper.Staff
	var hash string
	row := db.queryRow(ctx, `SELECT `+staffColumns+`, password_hash FROM staff WHERE email = ?`, email)
	if err := row.Scan(&s.ID, &s.Name, &s.Email, &s.Role, &s.Active, &s.CreatedAt, &hash); err != nil {
		return nil, "", normalise(err)
	}
	return &s, hash, nil
}

// ListStaff returns every staff member, by name.
func (db *DB) ListStaff(ctx context.Context) ([]*framekeeper.Staff, error) {
	rows, err := db.query(ctx, `SELECT `+staffColumns+` FROM staff ORDER BY name, id`)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	var out []*framekeeper.Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, normalise(rows.Err())
}

// UpdateStaff changes a staff member's name, role and whether they may log
// in; a non-empty passwordHash replaces the password. Deactivating ends their
// sessions and tokens at once.
func (db *DB) UpdateStaff(ctx context.Context, s *framekeeper.Staff, passwordHash string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE staff SET name = ?, email = ?, role = ?, active = ? WHERE id = ?`,
			s.Name, s.Email, s.Role, s.Active, s.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return framekeeper.Errorf(framekeeper.ENOTFOUND, "Staff member not found.")
		}
		if passwordHash != "" {
			if _, err := tx.exec(ctx, `UPDATE staff SET password_hash = ? WHERE id = ?`, passwordHash, s.ID); err != nil {
				return err
			}
		}
		if !s.Active {
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE staff_id = ?`, s.ID); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL`, tx.now, s.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// CountStaff returns how many staff members exist (zero on a fresh database).
func (db *DB) CountStaff(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM staff`).Scan(&n)
	return n, normalise(err)
}

// RecordLoginFailure notes a failed login, for rate limiting.
func (db *DB) RecordLoginFailure(ctx context.Context, email, ip string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO login_failures (id, email, ip, at) VALUES (?, ?, ?, ?)`, newID("lf_"), email, ip, tx.now)
		return err
	})
}

// LoginFailures counts failed logins for an email and from an IP since a
// time. Kept in the database so every replica sees the same count.
func (db *DB) LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error) {
	q := db.dialect.rebind(`SELECT
		(SELECT COUNT(*) FROM login_failures WHERE email = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?)`)
	err = db.queryRow(ctx, q, email, since, ip, since).Scan(&byEmail, &byIP)
	return byEmail, byIP, normalise(err)
}
