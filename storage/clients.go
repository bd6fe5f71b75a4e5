package storage

import (
	"context"
	"sort"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
)

// CreateClient adds a client with their identities and associates. A
// therapist's new client joins their own caseload.
func (db *DB) CreateClient(ctx context.Context, actor framekeeper.Actor, c *framekeeper.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if actor.Role == framekeeper.RoleTherapist {
		if c.TherapistID != "" && c.TherapistID != actor.StaffID {
			return framekeeper.Invalid("therapist_id", "A therapist adds clients to their own caseload only.").WithCode(framekeeper.EFORBIDDEN)
		}
		c.TherapistID = actor.StaffID
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkTherapist(ctx, tx, c.TherapistID); err != nil {
			return err
		}
		c.ID, c.CreatedAt, c.UpdatedAt = newID("c_"), tx.now, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO clients (id, name, status, therapist_id, search_key, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Name, c.Status, nullString(c.TherapistID), searchKey(c), tx.now, tx.now); err != nil {
			return err
		}
		return insertIdentitiesAndAssociates(ctx, tx, c)
	})
}

// checkTherapist makes sure an assigned therapist is an active clinician.
func checkTherapist(ctx context.Context, tx *Tx, id string) error {
	if id == "" {
		return nil
	}
	s, err := findStaffByID(ctx, tx, id)
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return framekeeper.Invalid("therapist_id", "No staff member has id %q.", id)
	} else if err != nil {
		return err
	}
	if s.Role == framekeeper.RoleFrontDesk || !s.Active {
		return framekeeper.Invalid("therapist_id", "%s cannot hold a caseload.", s.Name)
	}
	return nil
}

func insertIdentitiesAndAssociates(ctx context.Context, tx *Tx, c *framekeeper.Client) error {
	for _, id := range c.Identities {
		_, err := tx.exec(ctx, `INSERT INTO client_identities (kind, value, client_id, lookup_key) VALUES (?, ?, ?, ?)`, id.Kind, id.Value, c.ID, lookupKey(id))
		if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
			// Say which identity, but not whose it is: that would reveal
			// another person is a client.
			return framekeeper.Invalid("identities", "The %s %s is already on the roster.", id.Kind, id.Value).WithCode(framekeeper.ECONFLICT)
		} else if err != nil {
			return err
		}
	}
	for i := range c.Associates {
		a := &c.Associates[i]
		a.ID = newID("as_")
		if _, err := tx.exec(ctx, `INSERT INTO associates (id, client_id, name, relation, position) VALUES (?, ?, ?, ?, ?)`,
			a.ID, c.ID, a.Name, a.Relation, i); err != nil {
			return err
		}
		for _, id := range a.Identities {
			if _, err := tx.exec(ctx, `INSERT INTO associate_identities (associate_id, kind, value, lookup_key) VALUES (?, ?, ?, ?)`, a.ID, id.Kind, id.Value, lookupKey(id)); err != nil {
				return err
			}
		}
	}
	return insertNameKeys(ctx, tx, c)
}

// insertNameKeys stores the name keys the resolver finds people by, for the
// client and each associate.
func insertNameKeys(ctx context.Context, tx *Tx, c *framekeeper.Client) error {
	if _, err := tx.exec(ctx, `DELETE FROM client_name_keys WHERE client_id = ?`, c.ID); err != nil {
		return err
	}
	add := func(name, associate string) error {
		for _, k := range resolve.NameKeys(name) {
			if _, err := tx.exec(ctx, `INSERT INTO client_name_keys (key, client_id, associate) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, k, c.ID, associate); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(c.Name, ""); err != nil {
		return err
	}
	for _, a := range c.Associates {
		if err := add(a.Name, a.Name); err != nil {
			return err
		}
	}
	return nil
}

// lookupKey is an identity's resolver key (the value itself if it has none).
func lookupKey(id framekeeper.Identity) string {
	if k, err := resolve.IdentityKey(id.Kind, id.Value); err == nil {
		return k
	}
	return id.Value
}

// searchKey is what list search matches: the name and identity values, lower
// case, so one LIKE serves both engines.
func searchKey(c *framekeeper.Client) string {
	parts := []string{c.Name}
	for _, id := range c.Identities {
		parts = append(parts, id.Value)
	}
	for _, a := range c.Associates {
		parts = append(parts, a.Name)
	}
	return strings.ToLower(strings.Join(parts, " "))
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// FindClientByID returns a client the actor may see, and logs the read. A
// client outside a therapist's caseload is "not found", so its existence is
// not revealed.
func (db *DB) FindClientByID(ctx context.Context, actor framekeeper.Actor, id string) (*framekeeper.Client, error) {
	var c *framekeeper.Client
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if c, err = findClientForActor(ctx, tx, actor, id, false); err != nil {
			return err
		}
		return logAccess(ctx, tx, actor, id, "read_client")
	})
	return c, err
}

func findClientForActor(ctx context.Context, tx *Tx, actor framekeeper.Actor, id string, lock bool) (*framekeeper.Client, error) {
	q := `SELECT ` + clientColumns + ` FROM clients WHERE id = ?`
	if lock {
		q += tx.db.dialect.forUpdate()
	}
	c, err := scanClient(tx.queryRow(ctx, q, id))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND || (err == nil && !actor.CanAccessClient(c)) {
		return nil, framekeeper.Errorf(framekeeper.ENOTFOUND, "Client not found.")
	} else if err != nil {
		return nil, err
	}
	if err := loadIdentities(ctx, tx, []*framekeeper.Client{c}); err != nil {
		return nil, err
	}
	return c, nil
}

const clientColumns = `id, name, status, therapist_id, created_at, updated_at`

func scanClient(row interface{ Scan(...any) error }) (*framekeeper.Client, error) {
	var c framekeeper.Client
	var therapist *string
	if err := row.Scan(&c.ID, &c.Name, &c.Status, &therapist, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, normalise(err)
	}
	if therapist != nil {
		c.TherapistID = *therapist
	}
	c.Identities, c.Associates = []framekeeper.Identity{}, []framekeeper.Associate{}
	return &c, nil
}

// loadIdentities fills identities and associates of the given clients with
// one query per table.
func loadIdentities(ctx context.Context, tx *Tx, cs []*framekeeper.Client) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*framekeeper.Client, len(cs))
	args := make([]any, 0, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		args = append(args, c.ID)
	}
	in := placeholders(len(cs))
	rows, err := tx.query(ctx, `SELECT client_id, kind, value FROM client_identities WHERE client_id IN (`+in+`) ORDER BY kind, value`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid string
		var id framekeeper.Identity
		if err := rows.Scan(&cid, &id.Kind, &id.Value); err != nil {
			return normalise(err)
		}
		byID[cid].Identities = append(byID[cid].Identities, id)
	}
	if err := rows.Err(); err != nil {
		return normalise(err)
	}
	rows.Close()

	rows, err = tx.query(ctx, `SELECT a.client_id, a.id, a.name, a.relation, i.kind, i.value
		FROM associates a LEFT JOIN associate_identities i ON i.associate_id = a.id
		WHERE a.client_id IN (`+in+`) ORDER BY a.client_id, a.position, i.kind, i.value`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, aid, name, relation string
		var kind, value *string
		if err := rows.Scan(&cid, &aid, &name, &relation, &kind, &value); err != nil {
			return normalise(err)
		}
		c := byID[cid]
		if n := len(c.Associates); n == 0 || c.Associates[n-1].ID != aid {
			c.Associates = append(c.Associates, framekeeper.Associate{ID: aid, Name: name, Relation: relation, Identities: []framekeeper.Identity{}})
		}
		if kind != nil {
			a := &c.Associates[len(c.Associates)-1]
			a.Identities = append(a.Identities, framekeeper.Identity{Kind: framekeeper.IdentityKind(*kind), Value: *value})
		}
	}
	return normalise(rows.Err())
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// FindClients lists the clients the actor may see, by name, with the total
// count for paging.
func (db *DB) FindClients(ctx context.Context, actor framekeeper.Actor, f framekeeper.ClientFilter) ([]*framekeeper.Client, int, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	where, args := []string{"1 = 1"}, []any{}
	if !actor.CanSeeAllClients() {
		f.TherapistID = actor.StaffID
	}
	if f.TherapistID != "" {
		where, args = append(where, "therapist_id = ?"), append(args, f.TherapistID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		for _, word := range strings.Fields(q) {
			where, args = append(where, `search_key LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(word)+"%")
		}
	}
	cond := strings.Join(where, " AND ")
	var cs []*framekeeper.Client
	var total int
	err := db.readTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM clients WHERE `+cond, args...).Scan(&total); err != nil {
			return normalise(err)
		}
		rows, err := tx.query(ctx, `SELECT `+clientColumns+` FROM clients WHERE `+cond+` ORDER BY name, id LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanClient(rows)
			if err != nil {
				return err
			}
			cs = append(cs, c)
		}
		if err := rows.Err(); err != nil {
			return normalise(err)
		}
		rows.Close()
		return loadIdentities(ctx, tx, cs)
	})
	if cs == nil {
		cs = []*framekeeper.Client{}
	}
	return cs, total, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdateClient applies an update. Identities and associates, when given,
// replace the old lists.
func (db *DB) UpdateClient(ctx context.Context, actor framekeeper.Actor, id string, u framekeeper.ClientUpdate) (*framekeeper.Client, error) {
	var out *framekeeper.Client
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := findClientForActor(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		c := u.Apply(*old)
		if err := c.Validate(); err != nil {
			return err
		}
		if actor.Role == framekeeper.RoleTherapist && c.TherapistID != old.TherapistID {
			return framekeeper.Invalid("therapist_id", "Only a supervisor, admin or front desk reassigns clients.").WithCode(framekeeper.EFORBIDDEN)
		}
		if c.TherapistID != old.TherapistID {
			if err := checkTherapist(ctx, tx, c.TherapistID); err != nil {
				return err
			}
		}
		c.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, `UPDATE clients SET name = ?, status = ?, therapist_id = ?, search_key = ?, updated_at = ? WHERE id = ?`,
			c.Name, c.Status, nullString(c.TherapistID), searchKey(&c), tx.now, c.ID); err != nil {
			return err
		}
		if u.Identities == nil && u.Associates == nil && c.Name != old.Name {
			if err := insertNameKeys(ctx, tx, &c); err != nil {
				return err
			}
		}
		if u.Identities != nil || u.Associates != nil {
			if !sameIdentities(old, &c) || u.Associates != nil || c.Name != old.Name {
				for _, q := range []string{
					`DELETE FROM client_name_keys WHERE client_id = ?`,
					`DELETE FROM client_identities WHERE client_id = ?`,
					`DELETE FROM associate_identities WHERE associate_id IN (SELECT id FROM associates WHERE client_id = ?)`,
					`DELETE FROM associates WHERE client_id = ?`,
				} {
					if _, err := tx.exec(ctx, q, c.ID); err != nil {
						return err
					}
				}
				if err := insertIdentitiesAndAssociates(ctx, tx, &c); err != nil {
					return err
				}
			}
		}
		out = &c
		return logAccess(ctx, tx, actor, c.ID, "update_client")
	})
	return out, err
}

func sameIdentities(a, b *framekeeper.Client) bool {
	key := func(ids []framekeeper.Identity) string {
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = string(id.Kind) + ":" + id.Value
		}
		sort.Strings(s)
		return strings.Join(s, "\n")
	}
	return key(a.Identities) == key(b.Identities)
}
