package storage

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// PolicyStore keeps the draft and published versions of the practice's
// policy. It is the policy.Service of a DB.
type PolicyStore struct{ db *DB }

// Policies returns the policy service of the database.
func (db *DB) Policies() *PolicyStore { return &PolicyStore{db: db} }

var _ policy.Service = (*PolicyStore)(nil)

// Draft returns the saved draft, or the comprehensive template with the
// practice's name when none was saved yet.
func (s *PolicyStore) Draft(ctx context.Context) (policy.Draft, error) {
	var d policy.Draft
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		d, err = draft(ctx, tx)
		return err
	})
	return d, err
}

func draft(ctx context.Context, tx *Tx) (policy.Draft, error) {
	var body string
	var d policy.Draft
	err := tx.queryRow(ctx, `SELECT body, updated_at, updated_by FROM policy_draft WHERE id = 1`).Scan(&body, &d.UpdatedAt, &d.UpdatedBy)
	if err == nil {
		return d, decodeJSON(body, &d.Policy)
	}
	if framekeeper.ErrorCode(normalise(err)) != framekeeper.ENOTFOUND {
		return d, normalise(err)
	}
	// No draft saved: start from the version in force, or the template.
	if v, err := currentVersion(ctx, tx); err == nil {
		return policy.Draft{Policy: v.Policy.Clone(), UpdatedAt: v.PublishedAt}, nil
	}
	t, _ := policy.TemplateByID(policy.TemplateComprehensive)
	p := t.Policy.Clone()
	p.Profile = policy.Profile{}
	var name string
	if err := tx.queryRow(ctx, `SELECT name FROM practice ORDER BY created_at LIMIT 1`).Scan(&name); err == nil {
		p.Profile.PracticeName = name
	}
	return policy.Draft{Policy: p}, nil
}

// SaveDraft replaces the draft. Admins and supervisors edit the policy.
func (s *PolicyStore) SaveDraft(ctx context.Context, actor framekeeper.Actor, p policy.Policy) (policy.Draft, error) {
	if actor.Role != framekeeper.RoleAdmin && actor.Role != framekeeper.RoleSupervisor {
		return policy.Draft{}, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors edit the policy.")
	}
	if err := p.Validate(); err != nil {
		return policy.Draft{}, err
	}
	p.Stances = p.Stances.Complete()
	var d policy.Draft
	err := s.db.inTx(ctx, func(tx *Tx) error {
		d = policy.Draft{Policy: p, UpdatedAt: tx.now, UpdatedBy: actor.Name}
		return saveDraft(ctx, tx, d)
	})
	return d, err
}

func saveDraft(ctx context.Context, tx *Tx, d policy.Draft) error {
	body, err := json.Marshal(d.Policy)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE policy_draft SET body = ?, updated_at = ?, updated_by = ? WHERE id = 1`, string(body), d.UpdatedAt, d.UpdatedBy)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = tx.exec(ctx, `INSERT INTO policy_draft (id, body, updated_at, updated_by) VALUES (1, ?, ?, ?)`, string(body), d.UpdatedAt, d.UpdatedBy)
	}
	return err
}

// Publish stores p as the next version and makes it the draft.
func (s *PolicyStore) Publish(ctx context.Context, actor framekeeper.Actor, p policy.Policy, summary string, effectiveAt time.Time) (policy.Published, error) {
	if actor.Role != framekeeper.RoleAdmin {
		return policy.Published{}, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins publish the policy.")
	}
	summary = strings.TrimSpace(summary)
	switch {
	case summary == "":
		return policy.Published{}, framekeeper.Invalid("summary", "Say in a sentence what changed; clients receive this summary.")
	case !utf8.ValidString(summary) || len(summary) > policy.MaxSummaryLen:
		return policy.Published{}, framekeeper.Invalid("summary", "The summary must be valid text of at most %d bytes.", policy.MaxSummaryLen)
	}
	p.Stances = p.Stances.Complete()
	var pub policy.Published
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var last int
		// Lock the newest version row so two publishers cannot both take
		// the same number (PostgreSQL; SQLite holds the write lock).
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM policy_versions`).Scan(&last); err != nil {
			return normalise(err)
		}
		eff := effectiveAt
		if eff.IsZero() {
			eff = tx.now
		}
		var err error
		pub, err = policy.NewPublished(policy.Version{Number: last + 1, Summary: summary, EffectiveAt: eff.UTC().Truncate(time.Microsecond),
			Author: actor.Name, Policy: p, PublishedAt: tx.now})
		if err != nil {
			return err
		}
		body, _ := json.Marshal(pub.Policy)
		doc, _ := json.Marshal(pub.Document)
		if _, err := tx.exec(ctx, `INSERT INTO policy_versions (number, summary, body, document, effective_at, published_at, author_id, author_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, pub.Number, pub.Summary, string(body), string(doc), pub.EffectiveAt, pub.PublishedAt, actor.StaffID, actor.Name); err != nil {
			if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
				return framekeeper.Errorf(framekeeper.ECONFLICT, "Someone published at the same moment; reload and try again.")
			}
			return err
		}
		// The practice's public name follows the published profile.
		if name := strings.TrimSpace(p.Profile.PracticeName); name != "" {
			if _, err := tx.exec(ctx, `UPDATE practice SET name = ?`, name); err != nil {
				return err
			}
		}
		if err := reacknowledge(ctx, tx, pub); err != nil { // storage/ack.go
			return err
		}
		return saveDraft(ctx, tx, policy.Draft{Policy: p, UpdatedAt: tx.now, UpdatedBy: actor.Name})
	})
	return pub, err
}

const versionColumns = `number, summary, body, document, effective_at, published_at, author_name`

func scanVersion(row interface{ Scan(...any) error }) (policy.Published, error) {
	var v policy.Published
	var body, doc string
	if err := row.Scan(&v.Number, &v.Summary, &body, &doc, &v.EffectiveAt, &v.PublishedAt, &v.Author); err != nil {
		return v, normalise(err)
	}
	v.EffectiveAt, v.PublishedAt = v.EffectiveAt.UTC(), v.PublishedAt.UTC()
	if err := decodeJSON(body, &v.Policy); err != nil {
		return v, err
	}
	return v, decodeJSON(doc, &v.Document)
}

func currentVersion(ctx context.Context, tx *Tx) (policy.Published, error) {
	v, err := scanVersion(tx.queryRow(ctx, `SELECT `+versionColumns+` FROM policy_versions ORDER BY number DESC LIMIT 1`))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return v, framekeeper.Errorf(framekeeper.ENOTFOUND, "No policy version has been published yet.")
	}
	return v, err
}

// Current returns the version in force.
func (s *PolicyStore) Current(ctx context.Context) (policy.Published, error) {
	var v policy.Published
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		v, err = currentVersion(ctx, tx)
		return err
	})
	return v, err
}

// VersionByNumber returns one published version.
func (s *PolicyStore) VersionByNumber(ctx context.Context, n int) (policy.Published, error) {
	v, err := scanVersion(s.db.queryRow(ctx, `SELECT `+versionColumns+` FROM policy_versions WHERE number = ?`, n))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return v, framekeeper.Errorf(framekeeper.ENOTFOUND, "There is no version %d of the policy.", n)
	}
	return v, err
}

// Versions lists every version, newest first.
func (s *PolicyStore) Versions(ctx context.Context) ([]policy.Published, error) {
	rows, err := s.db.query(ctx, `SELECT `+versionColumns+` FROM policy_versions ORDER BY number DESC`)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []policy.Published{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, normalise(rows.Err())
}

func decodeJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return framekeeper.Errorf(framekeeper.EINTERNAL, "stored JSON is unreadable: %v", err)
	}
	return nil
}
