package storage

import (
	"context"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
)

// Setting reads a JSON setting into v; a missing setting leaves v as is.
func (db *DB) Setting(ctx context.Context, key string, v any) error {
	var s string
	err := db.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&s)
	if framekeeper.ErrorCode(normalise(err)) == framekeeper.ENOTFOUND {
		return nil
	} else if err != nil {
		return normalise(err)
	}
	return decodeJSON(s, v)
}

// SaveSetting stores a JSON setting (admins).
func (db *DB) SaveSetting(ctx context.Context, actor framekeeper.Actor, key string, v any) error {
	if actor.Role != framekeeper.RoleAdmin {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins change practice settings.")
	}
	return db.inTx(ctx, func(tx *Tx) error { return putSetting(ctx, tx, key, v) })
}

// TriageContext reads the decision context: the policy in force (the draft
// as version 0 before the first publication), the triage settings and who
// is alerted. It is the intake.ContextSource of the database, given the
// deployment's public URL and alert webhook.
type TriageContext struct {
	DB           *DB
	PublicURL    string
	AlertWebhook string
}

// DecisionContext implements intake.ContextSource.
func (c TriageContext) DecisionContext(ctx context.Context) (intake.DecisionContext, error) {
	dc := intake.DecisionContext{PublicURL: c.PublicURL, AlertWebhook: c.AlertWebhook}
	// Only the policy itself: the frozen client document is not needed to
	// decide, and this runs for every interaction.
	var body string
	err := c.DB.db.QueryRowContext(ctx, `SELECT number, body FROM policy_versions ORDER BY number DESC LIMIT 1`).Scan(&dc.Version, &body)
	switch framekeeper.ErrorCode(normalise(err)) {
	case "":
		if err := decodeJSON(body, &dc.Policy); err != nil {
			return dc, err
		}
	case framekeeper.ENOTFOUND:
		d, err := c.DB.Policies().Draft(ctx)
		if err != nil {
			return dc, err
		}
		dc.Policy = d.Policy
	default:
		return dc, normalise(err)
	}
	if err := c.DB.Setting(ctx, "triage", &dc.Settings); err != nil {
		return dc, err
	}
	rota, err := c.DB.OnCall(ctx)
	if err != nil {
		return dc, err
	}
	if len(rota) == 0 {
		all, err := c.DB.ListStaff(ctx)
		if err != nil {
			return dc, err
		}
		for _, s := range all {
			if s.Role == framekeeper.RoleAdmin || s.Role == framekeeper.RoleSupervisor {
				rota = append(rota, s)
			}
		}
	}
	for _, s := range rota {
		// Integration accounts made by "token create" have no mailbox.
		if s.Active && !strings.HasSuffix(s.Email, ".invalid") {
			dc.AlertTo = append(dc.AlertTo, s.Email)
		}
	}
	return dc, nil
}
