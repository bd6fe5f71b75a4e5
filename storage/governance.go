package storage

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/governance"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/triage"
)

// outboundGuard is compiled once and only read.
var outboundGuard = sync.OnceValue(governance.NewGuard)

// OutboundGuard returns the guard every outgoing text passes.
func OutboundGuard() *governance.Guard { return outboundGuard() }

// Setting keys of this file.
const (
	keyGovernance = "governance"
	keyTriage     = "triage"
	keyMessages   = "messages"
)

func isSupervisor(a framekeeper.Actor) bool {
	return a.Role == framekeeper.RoleAdmin || a.Role == framekeeper.RoleSupervisor
}

// settingTx reads a JSON setting inside a transaction, locking its row.
// A missing setting leaves v as is.
func settingTx(ctx context.Context, tx *Tx, key string, v any) error {
	var s string
	err := normalise(tx.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`+tx.db.dialect.forUpdate(), key).Scan(&s))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return decodeJSON(s, v)
}

// GovernanceSettings returns the practice's governance settings with
// defaults filled in.
func (db *DB) GovernanceSettings(ctx context.Context) (governance.Settings, error) {
	var s governance.Settings
	err := db.Setting(ctx, keyGovernance, &s)
	return s.WithDefaults(), err
}

// SaveGovernanceSettings stores them (admins).
func (db *DB) SaveGovernanceSettings(ctx context.Context, actor framekeeper.Actor, s governance.Settings) error {
	if actor.Role != framekeeper.RoleAdmin {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins change practice settings.")
	}
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return putSetting(ctx, tx, keyGovernance, s) })
}

// policyInForce is the published version in force, or the draft as
// version 0 before the first publication (as triage reads it).
func (db *DB) policyInForce(ctx context.Context) (int, policy.Policy, error) {
	ps := db.Policies()
	if v, err := ps.Current(ctx); err == nil {
		return v.Number, v.Policy, nil
	} else if framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
		return 0, policy.Policy{}, err
	}
	d, err := ps.Draft(ctx)
	return 0, d.Policy, err
}

const searchColumns = `sr.id, sr.client_id, c.name, sr.requested_by, sr.requested_by_name, sr.grounds, sr.contact_attempts, sr.scope,
	sr.decision, sr.actions, sr.explanation, sr.stance, sr.policy_version, sr.crisis, sr.consent, sr.status, sr.needs_approval,
	sr.approved_by, sr.approved_at, sr.approval_note, sr.agenda_item_id, sr.looked_at, sr.found, sr.ended_at, sr.outcome_by, sr.outcome_at,
	sr.created_at, a.due_at, a.closed_at, a.close_note`

const searchFrom = ` FROM search_requests sr JOIN clients c ON c.id = sr.client_id LEFT JOIN agenda_items a ON a.id = sr.agenda_item_id`

func scanSearch(row interface{ Scan(...any) error }, now time.Time) (governance.SearchRequest, error) {
	var r governance.SearchRequest
	var actions string
	var agenda, closeNote *string
	var o governance.Outcome
	var endedAt, outcomeAt *time.Time
	if err := row.Scan(&r.ID, &r.ClientID, &r.ClientName, &r.RequestedBy, &r.RequestedByName, &r.Grounds, &r.ContactAttempts, &r.Scope,
		&r.Decision, &actions, &r.Explanation, &r.Stance, &r.PolicyVersion, &r.Crisis, &r.Consent, &r.Status, &r.NeedsApproval,
		&r.ApprovedBy, &r.ApprovedAt, &r.ApprovalNote, &agenda, &o.LookedAt, &o.Found, &endedAt, &o.RecordedBy, &outcomeAt,
		&r.CreatedAt, &r.DiscussBy, &r.DiscussedAt, &closeNote); err != nil {
		return r, normalise(err)
	}
	if err := json.Unmarshal([]byte(actions), &r.Actions); err != nil {
		return r, err
	}
	if agenda != nil {
		r.AgendaItemID = *agenda
	}
	if closeNote != nil {
		r.DiscussNote = *closeNote
	}
	if endedAt != nil {
		o.EndedAt = *endedAt
		if outcomeAt != nil {
			o.RecordedAt = *outcomeAt
		}
		r.Outcome = &o
	}
	r.Overdue = r.DiscussedAt == nil && r.DiscussBy != nil && r.DiscussBy.Before(now)
	return r, nil
}

// RequestSearch decides a therapist's request to search for a client online
// against the policy in force and the client's consents, and records it:
// the request, a chart entry, and — when the search is allowed in a crisis
// — a "discuss the search" agenda item due within the practice's deadline.
// When the policy requires grounds the request lacks, nothing is recorded.
func (db *DB) RequestSearch(ctx context.Context, actor framekeeper.Actor, in governance.SearchInput) (governance.SearchRequest, error) {
	var r governance.SearchRequest
	if !actor.CanWriteChart() {
		return r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not request searches.")
	}
	version, pol, err := db.policyInForce(ctx)
	if err != nil {
		return r, err
	}
	gs, err := db.GovernanceSettings(ctx)
	if err != nil {
		return r, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if strings.TrimSpace(in.ClientID) == "" {
			return framekeeper.Invalid("client_id", "client_id is required.")
		}
		c, err := findClientForActor(ctx, tx, actor, strings.TrimSpace(in.ClientID), true)
		if err != nil {
			return err
		}
		cs, err := clientConsents(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		searchConsent := consent.Or(consent.Summarise(cs, tx.now).Search, false)
		ev, err := governance.Evaluate(&in, governance.EvalInput{Version: version, Stances: pol.Stances, Profile: pol.Profile,
			Client: governance.Relationship(c.Status), Consent: searchConsent, Detector: detect.Default()})
		if err != nil {
			return err
		}
		r = governance.SearchRequest{ID: newID("sr_"), ClientID: c.ID, ClientName: c.Name, RequestedBy: actor.StaffID, RequestedByName: actor.Name,
			Grounds: in.Grounds, ContactAttempts: in.ContactAttempts, Scope: in.Scope, Decision: "deny", Actions: ev.Decision.Actions,
			Explanation: ev.Decision.Explanation, Stance: ev.Stance, PolicyVersion: version, Crisis: ev.Grounds.Crisis(),
			Consent: searchConsent, Status: governance.StatusDenied, CreatedAt: tx.now}
		if ev.Allowed() {
			r.Decision, r.Status = "allow", governance.StatusApproved
			if gs.SupervisorApproval && !isSupervisor(actor) {
				r.NeedsApproval, r.Status = true, governance.StatusAwaitingApproval
			}
		}
		actions, _ := json.Marshal(r.Actions)
		if _, err := tx.exec(ctx, `INSERT INTO search_requests (id, client_id, requested_by, requested_by_name, grounds, contact_attempts, scope,
			decision, actions, explanation, stance, policy_version, crisis, consent, status, needs_approval, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.ClientID, r.RequestedBy, r.RequestedByName, r.Grounds, r.ContactAttempts, r.Scope, r.Decision, string(actions),
			r.Explanation, string(r.Stance), r.PolicyVersion, r.Crisis, r.Consent, r.Status, r.NeedsApproval, tx.now); err != nil {
			return err
		}
		data, _ := json.Marshal(map[string]any{"search_request": r.ID, "decision": r.Decision, "actions": r.Actions,
			"policy": map[string]any{"version": version, "clauses": []policy.Clause{policy.SearchEngines}}, "stance": r.Stance})
		if err := appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: c.ID, Kind: "search_request", AuthorID: actor.StaffID,
			Text: governance.ChartText(r), Data: data}); err != nil {
			return err
		}
		if r.Status == governance.StatusApproved {
			return addSearchAgenda(ctx, tx, &r, ev.Decision, gs)
		}
		return nil
	})
	return r, err
}

// addSearchAgenda puts "discuss the search" on the client's agenda when the
// decision says so, due within the practice's deadline.
func addSearchAgenda(ctx context.Context, tx *Tx, r *governance.SearchRequest, d triage.Decision, gs governance.Settings) error {
	if !d.Has(triage.ActAgenda) {
		return nil
	}
	due := tx.now.Add(time.Duration(gs.WithDefaults().DiscussWithinDays) * 24 * time.Hour)
	a := &framekeeper.AgendaItem{ClientID: r.ClientID, Source: "search", Text: governance.AgendaText, DueAt: &due}
	if err := insertAgenda(ctx, tx, a); err != nil {
		return err
	}
	r.AgendaItemID, r.DiscussBy = a.ID, &due
	_, err := tx.exec(ctx, `UPDATE search_requests SET agenda_item_id = ? WHERE id = ?`, a.ID, r.ID)
	return err
}

// findSearch reads one request the actor may see: their own, or any for a
// supervisor or admin; the client must be one the actor may see too.
func findSearch(ctx context.Context, tx *Tx, actor framekeeper.Actor, id string, lock bool) (governance.SearchRequest, error) {
	q := `SELECT ` + searchColumns + searchFrom + ` WHERE sr.id = ?`
	r, err := scanSearch(tx.queryRow(ctx, q, id), tx.now)
	if err == nil && !isSupervisor(actor) && r.RequestedBy != actor.StaffID {
		err = framekeeper.Errorf(framekeeper.ENOTFOUND, "")
	}
	if err == nil {
		_, err = findClientForActor(ctx, tx, actor, r.ClientID, lock)
	}
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return r, framekeeper.Errorf(framekeeper.ENOTFOUND, "Search request not found.")
	}
	return r, err
}

// FindSearchRequest returns one request.
func (db *DB) FindSearchRequest(ctx context.Context, actor framekeeper.Actor, id string) (governance.SearchRequest, error) {
	var r governance.SearchRequest
	if !actor.CanReadChart() {
		return r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read search requests.")
	}
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		r, err = findSearch(ctx, tx, actor, id, false)
		return err
	})
	return r, err
}

// FindSearchRequests is the search report: every request with its grounds
// and follow-up, newest first (supervisors and admins see the practice's,
// a therapist their own).
func (db *DB) FindSearchRequests(ctx context.Context, actor framekeeper.Actor, f governance.SearchFilter) ([]governance.SearchRequest, error) {
	if !actor.CanReadChart() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not read search requests.")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	now := db.Now().UTC()
	q, args := `SELECT `+searchColumns+searchFrom+` WHERE 1 = 1`, []any{}
	if !isSupervisor(actor) {
		q, args = q+` AND sr.requested_by = ?`, append(args, actor.StaffID)
	}
	if f.ClientID != "" {
		q, args = q+` AND sr.client_id = ?`, append(args, f.ClientID)
	}
	if f.Overdue {
		q, args = q+` AND a.closed_at IS NULL AND a.due_at < ?`, append(args, now)
	}
	rows, err := db.query(ctx, q+` ORDER BY sr.created_at DESC, sr.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []governance.SearchRequest{}
	for rows.Next() {
		r, err := scanSearch(rows, now)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, normalise(rows.Err())
}

// ApproveSearch records a supervisor's approval or refusal of an allowed
// search, in the chart; an approval puts the discussion on the agenda.
func (db *DB) ApproveSearch(ctx context.Context, actor framekeeper.Actor, id string, approve bool, note string) (governance.SearchRequest, error) {
	var r governance.SearchRequest
	if !isSupervisor(actor) {
		return r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only supervisors and admins approve searches.")
	}
	note = strings.TrimSpace(note)
	if len(note) > governance.MaxSummary {
		return r, framekeeper.Invalid("note", "Keep the note under %d bytes.", governance.MaxSummary)
	}
	if !approve && note == "" {
		return r, framekeeper.Invalid("note", "Say why the search is declined.")
	}
	gs, err := db.GovernanceSettings(ctx)
	if err != nil {
		return r, err
	}
	err = db.inTx(ctx, func(tx *Tx) (err error) {
		if r, err = findSearch(ctx, tx, actor, id, true); err != nil {
			return err
		}
		if r.Status != governance.StatusAwaitingApproval {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This request is not waiting for approval (it is %s).", strings.ReplaceAll(r.Status, "_", " "))
		}
		now := tx.now
		r.Status, r.ApprovedBy, r.ApprovedAt, r.ApprovalNote = governance.StatusDeclined, actor.Name, &now, note
		verb := "declined"
		if approve {
			r.Status, verb = governance.StatusApproved, "approved"
		}
		if _, err := tx.exec(ctx, `UPDATE search_requests SET status = ?, approved_by = ?, approved_at = ?, approval_note = ? WHERE id = ?`,
			r.Status, actor.Name, now, note, r.ID); err != nil {
			return err
		}
		text := "Online search request " + verb + " by " + actor.Name + "."
		if note != "" {
			text += " " + note
		}
		data, _ := json.Marshal(map[string]any{"search_request": r.ID, "status": r.Status})
		if err := appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: r.ClientID, Kind: "search_request", AuthorID: actor.StaffID, Text: text, Data: data}); err != nil {
			return err
		}
		if approve {
			return addSearchAgenda(ctx, tx, &r, triage.Decision{Actions: r.Actions}, gs)
		}
		return nil
	})
	return r, err
}

// RecordSearchOutcome records what a search looked at and found, after it
// ended, in the chart.
func (db *DB) RecordSearchOutcome(ctx context.Context, actor framekeeper.Actor, id string, o governance.Outcome) (governance.SearchRequest, error) {
	var r governance.SearchRequest
	if !actor.CanWriteChart() {
		return r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not record searches.")
	}
	err := db.inTx(ctx, func(tx *Tx) (err error) {
		if r, err = findSearch(ctx, tx, actor, id, true); err != nil {
			return err
		}
		switch r.Status {
		case governance.StatusApproved:
		case governance.StatusSearched:
			return framekeeper.Errorf(framekeeper.ECONFLICT, "The outcome of this search is already on record; add a chart note to correct it.")
		default:
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This search was not allowed to go ahead (%s), so there is no outcome to record.", strings.ReplaceAll(r.Status, "_", " "))
		}
		if err := o.Validate(r.CreatedAt, tx.now); err != nil {
			return err
		}
		o.EndedAt, o.RecordedBy, o.RecordedAt = o.EndedAt.UTC(), actor.Name, tx.now
		if _, err := tx.exec(ctx, `UPDATE search_requests SET status = ?, looked_at = ?, found = ?, ended_at = ?, outcome_by = ?, outcome_at = ? WHERE id = ?`,
			governance.StatusSearched, o.LookedAt, o.Found, o.EndedAt, o.RecordedBy, tx.now, r.ID); err != nil {
			return err
		}
		r.Status, r.Outcome = governance.StatusSearched, &o
		data, _ := json.Marshal(map[string]any{"search_request": r.ID, "ended_at": o.EndedAt})
		return appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: r.ClientID, Kind: "search_outcome", AuthorID: actor.StaffID,
			Text: governance.OutcomeText(r, o), Data: data})
	})
	return r, err
}

// SelfAuditStatus lists therapists' self-audit schedules.
func (db *DB) SelfAuditStatus(ctx context.Context, actor framekeeper.Actor) ([]governance.AuditStatus, error) {
	gs, err := db.GovernanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	q := `SELECT s.id, s.name, s.created_at, (SELECT MAX(completed_at) FROM self_audits a WHERE a.staff_id = s.id)
		FROM staff s WHERE s.active = ? AND (s.role = 'therapist' OR s.id = ?)`
	args := []any{true, actor.StaffID}
	if !isSupervisor(actor) {
		q, args = `SELECT s.id, s.name, s.created_at, (SELECT MAX(completed_at) FROM self_audits a WHERE a.staff_id = s.id)
		FROM staff s WHERE s.id = ?`, []any{actor.StaffID}
	}
	rows, err := db.query(ctx, q+` ORDER BY s.name, s.id`, args...)
	if err != nil {
		return nil, normalise(err)
	}
	defer rows.Close()
	out := []governance.AuditStatus{}
	for rows.Next() {
		var st governance.AuditStatus
		var joined time.Time
		var last *string
		var lastT *time.Time
		if db.dialect == postgresDialect {
			if err := rows.Scan(&st.StaffID, &st.Name, &joined, &lastT); err != nil {
				return nil, normalise(err)
			}
		} else {
			// SQLite returns an aggregate of timestamps as text.
			if err := rows.Scan(&st.StaffID, &st.Name, &joined, &last); err != nil {
				return nil, normalise(err)
			}
			if last != nil {
				t, err := parseSQLiteTime(*last)
				if err != nil {
					return nil, err
				}
				lastT = &t
			}
		}
		st.LastCompleted = lastT
		st.NextDue = governance.NextDue(lastT, joined, gs)
		st.Overdue = !now.Before(st.NextDue)
		out = append(out, st)
	}
	return out, normalise(rows.Err())
}

// parseSQLiteTime reads the text form the SQLite driver writes.
func parseSQLiteTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, framekeeper.Errorf(framekeeper.EINTERNAL, "unreadable time %q", s)
}

// CompleteSelfAudit records the actor's completed self-audit.
func (db *DB) CompleteSelfAudit(ctx context.Context, actor framekeeper.Actor, a *governance.SelfAudit) error {
	if actor.Role == framekeeper.RoleFrontDesk {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "The self-audit is for clinicians.")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		a.ID, a.StaffID, a.CompletedAt = newID("sa_"), actor.StaffID, tx.now
		items, _ := json.Marshal(a.Items)
		_, err := tx.exec(ctx, `INSERT INTO self_audits (id, staff_id, items, note, completed_at) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.StaffID, string(items), a.Note, tx.now)
		return err
	})
}

// SendGovernanceReminders makes one pass, in one transaction: it emails
// supervisors about search discussions past their deadline (once each) and
// therapists whose self-audit is due (once per due date). It returns how
// many messages it queued.
func (db *DB) SendGovernanceReminders(ctx context.Context, publicURL string) (int, error) {
	gs, err := db.GovernanceSettings(ctx)
	if err != nil {
		return 0, err
	}
	base := strings.TrimSuffix(publicURL, "/")
	n := 0
	err = db.inTx(ctx, func(tx *Tx) error {
		n = 0
		staff, err := activeStaff(ctx, tx)
		if err != nil {
			return err
		}
		var supervisors []string
		for _, s := range staff {
			if (s.Role == framekeeper.RoleAdmin || s.Role == framekeeper.RoleSupervisor) && mailable(s.Email) {
				supervisors = append(supervisors, s.Email)
			}
		}
		rows, err := tx.query(ctx, `SELECT sr.id, a.due_at FROM search_requests sr JOIN agenda_items a ON a.id = sr.agenda_item_id
			WHERE a.closed_at IS NULL AND a.due_at < ? AND sr.overdue_alerted_at IS NULL ORDER BY a.due_at`, tx.now)
		if err != nil {
			return err
		}
		type overdue struct {
			id  string
			due time.Time
		}
		var late []overdue
		for rows.Next() {
			var o overdue
			if err := rows.Scan(&o.id, &o.due); err != nil {
				rows.Close()
				return normalise(err)
			}
			late = append(late, o)
		}
		rows.Close()
		for _, o := range late {
			subject, body := governance.OverdueNotice(o.due, base+"/console/governance/searches?overdue=1")
			for _, to := range supervisors {
				if err := insertOutbox(ctx, tx, &framekeeper.OutboxMessage{Kind: "email", Recipient: to, Subject: subject, Body: body,
					Meta: []byte(`{"auto_submitted":"auto-generated"}`)}); err != nil {
					return err
				}
				n++
			}
			if _, err := tx.exec(ctx, `UPDATE search_requests SET overdue_alerted_at = ? WHERE id = ?`, tx.now, o.id); err != nil {
				return err
			}
		}
		for _, s := range staff {
			if s.Role != framekeeper.RoleTherapist || !mailable(s.Email) {
				continue
			}
			var last *time.Time
			var lastS *string
			row := tx.queryRow(ctx, `SELECT MAX(completed_at) FROM self_audits WHERE staff_id = ?`, s.ID)
			if tx.db.dialect == postgresDialect {
				err = row.Scan(&last)
			} else if err = row.Scan(&lastS); err == nil && lastS != nil {
				t, perr := parseSQLiteTime(*lastS)
				last, err = &t, perr
			}
			if err != nil {
				return normalise(err)
			}
			due := governance.NextDue(last, s.CreatedAt, gs).UTC()
			if !governance.ReminderDue(due, tx.now, gs) {
				continue
			}
			var sent int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM self_audit_reminders WHERE staff_id = ? AND due_at = ?`, s.ID, due).Scan(&sent); err != nil {
				return normalise(err)
			}
			if sent > 0 {
				continue
			}
			subject, body := governance.AuditReminder(s.Name, due, base+"/console/governance/self-audit")
			if err := insertOutbox(ctx, tx, &framekeeper.OutboxMessage{Kind: "email", Recipient: s.Email, Subject: subject, Body: body,
				Meta: []byte(`{"auto_submitted":"auto-generated"}`)}); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO self_audit_reminders (staff_id, due_at, sent_at) VALUES (?, ?, ?)`, s.ID, due, tx.now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// mailable: integration accounts made by "token create" have no mailbox.
func mailable(email string) bool { return email != "" && !strings.HasSuffix(email, ".invalid") }

func activeStaff(ctx context.Context, tx *Tx) ([]*framekeeper.Staff, error) {
	rows, err := tx.query(ctx, `SELECT id, name, email, role, active, created_at FROM staff WHERE active = ? ORDER BY id`, true)
	if err != nil {
		return nil, err
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

// Templates returns every editable message with its text in force, and
// whether redirect replies are on.
func (db *DB) Templates(ctx context.Context) ([]governance.Template, bool, error) {
	var ts intake.Settings
	n := governance.Notices{}
	if err := db.Setting(ctx, keyTriage, &ts); err != nil {
		return nil, false, err
	}
	if err := db.Setting(ctx, keyMessages, &n); err != nil {
		return nil, false, err
	}
	return governance.ListTemplates(ts.Templates, n), ts.RedirectReplies, nil
}

// SaveTemplate changes one message (admins). The text must pass the
// template rules and the outbound guard: a template that asks clients for
// reviews, or carries someone's health details, is never saved. Empty text
// restores the default.
func (db *DB) SaveTemplate(ctx context.Context, actor framekeeper.Actor, name, text string) (governance.Template, error) {
	var out governance.Template
	if actor.Role != framekeeper.RoleAdmin {
		return out, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins change the practice's messages.")
	}
	if err := OutboundGuard().CheckTemplate(name, text); err != nil {
		return out, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var ts intake.Settings
		n := governance.Notices{}
		err := settingTx(ctx, tx, keyTriage, &ts)
		if err != nil {
			return err
		}
		err = settingTx(ctx, tx, keyMessages, &n)
		if err != nil {
			return err
		}
		governance.SetTemplate(&ts.Templates, n, name, text)
		if strings.Contains(name, ".") || name == "crisis" {
			if err := ts.Templates.Validate(); err != nil {
				return err
			}
			err = putSetting(ctx, tx, keyTriage, ts)
		} else {
			err = putSetting(ctx, tx, keyMessages, n)
		}
		if err != nil {
			return err
		}
		for _, t := range governance.ListTemplates(ts.Templates, n) {
			if t.Name == name {
				out = t
			}
		}
		return nil
	})
	return out, err
}

// SaveRedirectReplies turns redirect replies on or off (admins), keeping
// the templates stored beside the switch.
func (db *DB) SaveRedirectReplies(ctx context.Context, actor framekeeper.Actor, on bool) error {
	if actor.Role != framekeeper.RoleAdmin {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins change practice settings.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var ts intake.Settings
		if err := settingTx(ctx, tx, keyTriage, &ts); err != nil {
			return err
		}
		ts.RedirectReplies = on
		return putSetting(ctx, tx, keyTriage, ts)
	})
}

var (
	_ governance.Service = (*DB)(nil)
	_ consent.Service    = (*DB)(nil)
)
