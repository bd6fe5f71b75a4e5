package storage

import (
	"context"
	"strings"
	"sync"
	"time"

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

// DecisionContext implements intake.ContextSource. What it reads from the
// database is kept in memory and read again only when the configuration
// generation (moved by triggers on every table it comes from) changes, so
// deciding costs one small query here instead of six and a JSON decode.
func (c TriageContext) DecisionContext(ctx context.Context) (intake.DecisionContext, error) {
	dc, err := c.DB.decisions.get(ctx, c.DB)
	return c.deployment(dc), err
}

// CachedDecisionContext implements intake.CachedContextSource: the context
// as last read, without the query. InsertDecided checks its generation in
// the write.
func (c TriageContext) CachedDecisionContext() (intake.DecisionContext, bool) {
	dc, ok := c.DB.decisions.cached()
	return c.deployment(dc), ok
}

// deployment adds the deployment's part of the context, which is not in
// the database.
func (c TriageContext) deployment(dc intake.DecisionContext) intake.DecisionContext {
	dc.PublicURL, dc.AlertWebhook = c.PublicURL, c.AlertWebhook
	return dc
}

// decisionCache holds the database's part of the decision context and the
// configuration generation it was read at.
type decisionCache struct {
	mu   sync.Mutex
	ok   bool
	gen  int64
	read time.Time
	dc   intake.DecisionContext
}

// decisionCacheMaxAge bounds how long a cached context is used even when
// the generation has not moved: a safety net, not the mechanism.
const decisionCacheMaxAge = time.Minute

func (dcache *decisionCache) get(ctx context.Context, db *DB) (intake.DecisionContext, error) {
	// The generation is read before the context: a change in between is
	// then seen as a new generation next time, never hidden.
	var gen int64
	if err := db.queryRow(ctx, `SELECT n FROM config_generation WHERE id = 1`).Scan(&gen); err != nil {
		return intake.DecisionContext{}, normalise(err)
	}
	dcache.mu.Lock()
	if dcache.ok && dcache.gen == gen && time.Since(dcache.read) < decisionCacheMaxAge {
		dc := dcache.dc
		dcache.mu.Unlock()
		return dc, nil
	}
	dcache.mu.Unlock()
	dc, err := db.readDecisionContext(ctx)
	if err != nil {
		return dc, err
	}
	dc.Generation = gen
	dcache.mu.Lock()
	dcache.ok, dcache.gen, dcache.read, dcache.dc = true, gen, time.Now(), dc
	dcache.mu.Unlock()
	return dc, nil
}

// cached returns the context as last read, unless there is none or it is
// older than decisionCacheMaxAge.
func (dcache *decisionCache) cached() (intake.DecisionContext, bool) {
	dcache.mu.Lock()
	defer dcache.mu.Unlock()
	if !dcache.ok || time.Since(dcache.read) >= decisionCacheMaxAge {
		return intake.DecisionContext{}, false
	}
	return dcache.dc, true
}

// readDecisionContext reads the policy in force, the triage settings and
// who is alerted.
func (db *DB) readDecisionContext(ctx context.Context) (intake.DecisionContext, error) {
	var dc intake.DecisionContext
	// Only the policy itself: the frozen client document is not needed to
	// decide.
	var body string
	err := db.queryRow(ctx, `SELECT number, body FROM policy_versions ORDER BY number DESC LIMIT 1`).Scan(&dc.Version, &body)
	switch framekeeper.ErrorCode(normalise(err)) {
	case "":
		if err := decodeJSON(body, &dc.Policy); err != nil {
			return dc, err
		}
	case framekeeper.ENOTFOUND:
		d, err := db.Policies().Draft(ctx)
		if err != nil {
			return dc, err
		}
		dc.Policy = d.Policy
	default:
		return dc, normalise(err)
	}
	if err := db.Setting(ctx, "triage", &dc.Settings); err != nil {
		return dc, err
	}
	rota, err := db.OnCall(ctx)
	if err != nil {
		return dc, err
	}
	if len(rota) == 0 {
		all, err := db.ListStaff(ctx)
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
