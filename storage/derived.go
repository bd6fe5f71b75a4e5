package storage

import (
	"context"
	"encoding/json"

	"github.com/framekeeper/framekeeper/resolve"
)

// nameKeysSetting records which resolve.NameKeysVersion the stored name
// keys were made with.
const nameKeysSetting = "name_keys_version"

// refreshNameKeys recomputes every client's and associate's name keys when
// they were made by another version of resolve.NameKeys (or never), a batch
// of clients per transaction, then records the version. Keys are derived
// data, so this loses nothing; until it finishes, name-only senders may
// not be recognised. Two replicas starting together both rewrite the same
// rows to the same values.
func (db *DB) refreshNameKeys(ctx context.Context) error {
	var have int
	if err := db.Setting(ctx, nameKeysSetting, &have); err != nil {
		return err
	}
	if have == resolve.NameKeysVersion {
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
			return insertRows(ctx, tx, `INSERT INTO client_name_keys (key, client_id, associate) VALUES `, ` ON CONFLICT DO NOTHING`, 3, keys)
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
		return putSetting(ctx, tx, nameKeysSetting, resolve.NameKeysVersion)
	})
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
