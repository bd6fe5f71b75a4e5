package storage

import (
	"context"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
)

// Roster is the resolver's view of the database: two indexed lookups, so a
// million clients are never loaded to recognise one sender.
type Roster struct{ db *DB }

// Roster returns the database as a resolve.Source.
func (db *DB) Roster() *Roster { return &Roster{db: db} }

var _ resolve.Source = (*Roster)(nil)

// ByIdentity finds clients and associates holding an identity, by its
// lookup key (every stored identity has one: see refreshDerivedKeys).
func (r *Roster) ByIdentity(ctx context.Context, kind framekeeper.IdentityKind, value string) ([]resolve.Candidate, error) {
	rows, err := r.db.query(ctx, `
		SELECT c.id, c.name, c.status, '' FROM client_identities i JOIN clients c ON c.id = i.client_id
		WHERE i.kind = ? AND i.lookup_key = ?
		UNION ALL
		SELECT c.id, c.name, c.status, a.name FROM associate_identities ai JOIN associates a ON a.id = ai.associate_id JOIN clients c ON c.id = a.client_id
		WHERE ai.kind = ? AND ai.lookup_key = ?`, kind, value, kind, value)
	if err != nil {
		return nil, err
	}
	return scanCandidates(rows)
}

// ByNameTokens finds the people sharing the most name keys with tokens.
func (r *Roster) ByNameTokens(ctx context.Context, tokens []string, limit int) ([]resolve.Candidate, error) {
	if len(tokens) == 0 || limit <= 0 {
		return nil, nil
	}
	args := make([]any, 0, len(tokens)+1)
	for _, t := range tokens {
		args = append(args, t)
	}
	args = append(args, limit)
	// The best are chosen from the keys alone and only they are joined to
	// clients: with a million clients a common name shares keys with
	// hundreds, and reading each one's row first was most of a lookup.
	rows, err := r.db.query(ctx, `
		SELECT c.id, c.name, c.status, k.associate FROM (
			SELECT client_id, associate, COUNT(*) AS shared FROM client_name_keys
			WHERE key IN (`+placeholders(len(tokens))+`) GROUP BY client_id, associate
			ORDER BY shared DESC, client_id, associate LIMIT ?
		) k JOIN clients c ON c.id = k.client_id
		ORDER BY k.shared DESC, k.client_id, k.associate`, args...)
	if err != nil {
		return nil, normalise(err)
	}
	return scanCandidates(rows)
}

func scanCandidates(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]resolve.Candidate, error) {
	defer rows.Close()
	var out []resolve.Candidate
	for rows.Next() {
		var c resolve.Candidate
		if err := rows.Scan(&c.ClientID, &c.Name, &c.Status, &c.AssociateName); err != nil {
			return nil, normalise(err)
		}
		c.IsAssociate = c.AssociateName != ""
		out = append(out, c)
	}
	return out, normalise(rows.Err())
}
