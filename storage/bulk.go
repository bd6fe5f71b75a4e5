package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
)

// bulkRows bounds one multi-row INSERT: few enough placeholders for either
// engine (SQLite allows 32766, PostgreSQL 65535), many enough that the
// statement overhead disappears.
const bulkRows = 500

// BulkLoadClients adds many clients in one transaction with multi-row
// INSERTs, writing the same rows CreateClient writes (clients with their
// search key, identities with their resolver lookup key, associates and
// their identities, name keys). It is for loading a roster from another
// system and for benchmarks, not for the API: it checks no therapist and
// logs no access. Clients are validated (and normalised) first; an ID left
// empty is generated. A duplicate identity fails the whole batch.
func (db *DB) BulkLoadClients(ctx context.Context, clients []framekeeper.Client) error {
	for i := range clients {
		if err := clients[i].Validate(); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if db.dialect == sqliteDialect {
			// A big page cache for this connection while it loads, so
			// index pages are not spilled to the WAL and read back for
			// every batch; set back to the pool's size afterwards.
			if _, err := tx.exec(ctx, `PRAGMA cache_size = -262144`); err != nil {
				return err
			}
			defer tx.exec(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = -%d`, sqliteCacheKiB))
		}
		ins := func(head, tail string, cols int, rows [][]any) error {
			return insertRows(ctx, tx, head, tail, cols, rows)
		}
		var cs, ids, as, aids, keys [][]any
		for i := range clients {
			c := &clients[i]
			if c.ID == "" {
				c.ID = newID("c_")
			}
			c.CreatedAt, c.UpdatedAt = tx.now, tx.now
			cs = append(cs, []any{c.ID, c.Name, c.Status, nullString(c.TherapistID), searchKey(c), tx.now, tx.now})
			for _, id := range c.Identities {
				ids = append(ids, []any{id.Kind, id.Value, c.ID, lookupKey(id)})
			}
			keys = appendNameKeys(keys, c.ID, c.Name, "")
			for j := range c.Associates {
				a := &c.Associates[j]
				if a.ID == "" {
					a.ID = newID("as_")
				}
				as = append(as, []any{a.ID, c.ID, a.Name, a.Relation, j})
				for _, id := range a.Identities {
					aids = append(aids, []any{a.ID, id.Kind, id.Value, lookupKey(id)})
				}
				keys = appendNameKeys(keys, c.ID, a.Name, a.Name)
			}
		}
		if err := ins(`INSERT INTO clients (id, name, status, therapist_id, search_key, created_at, updated_at) VALUES `, ``, 7, cs); err != nil {
			return err
		}
		if err := ins(`INSERT INTO client_identities (kind, value, client_id, lookup_key) VALUES `, ``, 4, ids); err != nil {
			return err
		}
		if err := ins(`INSERT INTO associates (id, client_id, name, relation, position) VALUES `, ``, 5, as); err != nil {
			return err
		}
		if err := ins(`INSERT INTO associate_identities (associate_id, kind, value, lookup_key) VALUES `, ` ON CONFLICT DO NOTHING`, 4, aids); err != nil {
			return err
		}
		return ins(`INSERT INTO client_name_keys (key, client_id, associate) VALUES `, ` ON CONFLICT DO NOTHING`, 3, keys)
	})
}

// insertRows inserts rows of cols values each with multi-row INSERTs of at
// most bulkRows rows: head is the statement up to VALUES, tail what follows
// the rows.
func insertRows(ctx context.Context, tx *Tx, head, tail string, cols int, rows [][]any) error {
	one := "(" + placeholders(cols) + ")"
	for len(rows) > 0 {
		n := min(len(rows), bulkRows)
		var q strings.Builder
		q.WriteString(head)
		args := make([]any, 0, n*cols)
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(one)
			args = append(args, r...)
		}
		q.WriteString(tail)
		if _, err := tx.exec(ctx, q.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// appendNameKeys adds one person's name-key rows, without the repeats
// NameKeys may give (a multi-row INSERT must not name a row twice).
func appendNameKeys(rows [][]any, clientID, name, associate string) [][]any {
	seen := map[string]bool{}
	for _, k := range resolve.NameKeys(name) {
		if !seen[k] {
			seen[k] = true
			rows = append(rows, []any{k, clientID, associate})
		}
	}
	return rows
}

// Analyze refreshes the query planner's statistics, as a bulk load should
// be followed by: SQLite keeps none until asked, and without them it may
// pick a poor index for the resolver's lookups.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `ANALYZE`); err != nil {
		return normalise(err)
	}
	if db.dialect == sqliteDialect {
		return db.dropStat4(ctx)
	}
	return nil
}
