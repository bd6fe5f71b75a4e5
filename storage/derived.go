package storage

import (
	"context"
	"encoding/json"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
)

// derivedKeysSetting records which versions of resolve.NameKeys and
// resolve.IdentityKey the stored keys were made with.
const derivedKeysSetting = "derived_keys"

type derivedKeys struct {
	Name     int `json:"name"`
	Identity int `json:"identity"`
}

// refreshDerivedKeys recomputes every client's and associate's name keys
// and identity lookup keys when they were made by other versions of
// resolve.NameKeys and resolve.IdentityKey (or never: identities stored
// before lookup keys existed have none), a batch of clients per
// transaction, then records the versions. Keys are derived data, so this
// loses nothing; until it finishes, some senders may not be recognised.
// Two replicas starting together both write the same values.
func (db *DB) refreshDerivedKeys(ctx context.Context) error {
	want := derivedKeys{Name: resolve.NameKeysVersion, Identity: resolve.IdentityKeysVersion}
	var have derivedKeys
	if err := db.Setting(ctx, derivedKeysSetting, &have); err != nil {
		return err
	}
	if have == want {
		return nil
	}
	const batch = 2000
	after := ""
	for {
		var ids []string
		err := db.inTx(ctx, func(tx *Tx) error {
			rows, err := tx.query(ctx, `SELECT id, name FROM clients WHERE id > ? ORDER BY id LIMIT ?`, after, batch)
			if err != nil {
				return err
			}
			var keys [][]any
			for rows.Next() {
				var id, name string
				if err := rows.Scan(&id, &name); err != nil {
					rows.Close()
					return normalise(err)
				}
				ids = append(ids, id)
				keys = appendNameKeys(keys, id, name, "")
			}
			if err := normalise(rows.Close()); err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			first, last := ids[0], ids[len(ids)-1]
			arows, err := tx.query(ctx, `SELECT client_id, name FROM associates WHERE client_id >= ? AND client_id <= ?`, first, last)
			if err != nil {
				return err
			}
			for arows.Next() {
				var id, name string
				if err := arows.Scan(&id, &name); err != nil {
					arows.Close()
					return normalise(err)
				}
				keys = appendNameKeys(keys, id, name, name)
			}
			if err := normalise(arows.Close()); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `DELETE FROM client_name_keys WHERE client_id >= ? AND client_id <= ?`, first, last); err != nil {
				return err
			}
			if err := insertRows(ctx, tx, `INSERT INTO client_name_keys (key, client_id, associate) VALUES `, ` ON CONFLICT DO NOTHING`, 3, keys); err != nil {
				return err
			}
			return refreshLookupKeys(ctx, tx, first, last)
		})
		if err != nil {
			return err
		}
		if len(ids) < batch {
			break
		}
		after = ids[len(ids)-1]
	}
	return db.inTx(ctx, func(tx *Tx) error {
		return putSetting(ctx, tx, derivedKeysSetting, want)
	})
}

// refreshLookupKeys sets the lookup key of every identity of the clients
// from first to last (and of their associates) where it is not the one
// resolve.IdentityKey gives now.
func refreshLookupKeys(ctx context.Context, tx *Tx, first, last string) error {
	type stale struct{ table, owner, kind, value, key string }
	var changes []stale
	for _, q := range []struct{ table, sel string }{
		{"client_identities", `SELECT client_id, kind, value, lookup_key FROM client_identities WHERE client_id >= ? AND client_id <= ?`},
		{"associate_identities", `SELECT ai.associate_id, ai.kind, ai.value, ai.lookup_key FROM associate_identities ai
			JOIN associates a ON a.id = ai.associate_id WHERE a.client_id >= ? AND a.client_id <= ?`},
	} {
		rows, err := tx.query(ctx, q.sel, first, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id framekeeper.Identity
			var owner, have string
			if err := rows.Scan(&owner, &id.Kind, &id.Value, &have); err != nil {
				rows.Close()
				return normalise(err)
			}
			if k := lookupKey(id); k != have {
				changes = append(changes, stale{q.table, owner, string(id.Kind), id.Value, k})
			}
		}
		if err := normalise(rows.Close()); err != nil {
			return err
		}
	}
	for _, c := range changes {
		q := `UPDATE client_identities SET lookup_key = ? WHERE client_id = ? AND kind = ? AND value = ?`
		if c.table == "associate_identities" {
			q = `UPDATE associate_identities SET lookup_key = ? WHERE associate_id = ? AND kind = ? AND value = ?`
		}
		if _, err := tx.exec(ctx, q, c.key, c.owner, c.kind, c.value); err != nil {
			return err
		}
	}
	return nil
}

// putSetting stores a JSON setting inside a transaction.
func putSetting(ctx context.Context, tx *Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE settings SET value = ?, updated_at = ? WHERE key = ?`, string(b), tx.now, key)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = tx.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)`, key, string(b), tx.now)
	}
	return err
}
