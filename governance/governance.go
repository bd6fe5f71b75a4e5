// Package governance holds the rules the policy sets for the therapist, not
// the client: a search for a client online only on the grounds the policy
// allows, documented and discussed at the next session (seeds 000–002); no
// testimonial solicitation or client content in anything the practice sends
// (seed 002, APA 5.05; seed 003); and a recurring self-audit of the
// therapist's own social media (seed 003).
//
// The decision on a search request is triage's (kind search_request): this
// package reads the therapist's grounds, turns them into the facts triage
// decides on, and says when the grounds the policy requires are missing.
package governance

import (
	"context"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
)

// CodeUnprocessable is the error code of a request that is well formed but
// lacks what the policy requires (HTTP 422): a search without grounds.
const CodeUnprocessable = "unprocessable"

// Settings are the practice's governance choices, stored as one setting.
type Settings struct {
	// SupervisorApproval: a therapist's allowed search waits for a
	// supervisor or admin before it may go ahead.
	SupervisorApproval bool `json:"supervisor_approval"`
	// DiscussWithinDays is when the "discuss the search" agenda item falls
	// due; past it, supervisors are alerted.
	DiscussWithinDays int `json:"discuss_within_days"`
	// SelfAuditEveryDays is how often each therapist goes through the
	// self-audit checklist (default quarterly).
	SelfAuditEveryDays int `json:"self_audit_every_days"`
	// RemindDaysBefore is how early the self-audit reminder is sent.
	RemindDaysBefore int `json:"remind_days_before"`
}

// DefaultSettings: no approval step (a crisis should not wait), discussion
// within two weeks, a quarterly self-audit reminded a week ahead.
func DefaultSettings() Settings {
	return Settings{DiscussWithinDays: 14, SelfAuditEveryDays: 91, RemindDaysBefore: 7}
}

// WithDefaults fills unset values.
func (s Settings) WithDefaults() Settings {
	d := DefaultSettings()
	if s.DiscussWithinDays == 0 {
		s.DiscussWithinDays = d.DiscussWithinDays
	}
	if s.SelfAuditEveryDays == 0 {
		s.SelfAuditEveryDays = d.SelfAuditEveryDays
	}
	if s.RemindDaysBefore == 0 {
		s.RemindDaysBefore = d.RemindDaysBefore
	}
	return s
}

// Validate checks settings before they are saved.
func (s Settings) Validate() error {
	switch {
	case s.DiscussWithinDays < 1 || s.DiscussWithinDays > 90:
		return framekeeper.Invalid("discuss_within_days", "discuss_within_days must be from 1 to 90.")
	case s.SelfAuditEveryDays < 7 || s.SelfAuditEveryDays > 366:
		return framekeeper.Invalid("self_audit_every_days", "self_audit_every_days must be from 7 to 366.")
	case s.RemindDaysBefore < 0 || s.RemindDaysBefore >= s.SelfAuditEveryDays:
		return framekeeper.Invalid("remind_days_before", "remind_days_before must be 0 or more and less than self_audit_every_days.")
	}
	return nil
}

// Service is what the web surfaces need. storage.DB implements it; every
// method takes the acting staff member and enforces roles and caseloads.
type Service interface {
	RequestSearch(ctx context.Context, actor framekeeper.Actor, in SearchInput) (SearchRequest, error)
	FindSearchRequest(ctx context.Context, actor framekeeper.Actor, id string) (SearchRequest, error)
	// FindSearchRequests lists requests, newest first: every request for
	// supervisors and admins, a therapist's own otherwise.
	FindSearchRequests(ctx context.Context, actor framekeeper.Actor, f SearchFilter) ([]SearchRequest, error)
	ApproveSearch(ctx context.Context, actor framekeeper.Actor, id string, approve bool, note string) (SearchRequest, error)
	RecordSearchOutcome(ctx context.Context, actor framekeeper.Actor, id string, o Outcome) (SearchRequest, error)

	GovernanceSettings(ctx context.Context) (Settings, error)
	SaveGovernanceSettings(ctx context.Context, actor framekeeper.Actor, s Settings) error

	// SelfAuditStatus lists each clinician's self-audit schedule: everyone
	// for supervisors and admins, one's own otherwise.
	SelfAuditStatus(ctx context.Context, actor framekeeper.Actor) ([]AuditStatus, error)
	CompleteSelfAudit(ctx context.Context, actor framekeeper.Actor, a *SelfAudit) error

	// Templates returns every message the practice may edit, and
	// SaveTemplate changes one (admins), refusing a text the outbound
	// guard or the template rules reject.
	Templates(ctx context.Context) ([]Template, bool, error)
	SaveTemplate(ctx context.Context, actor framekeeper.Actor, name, text string) (Template, error)
	SaveRedirectReplies(ctx context.Context, actor framekeeper.Actor, on bool) error
}

// oneLine folds whitespace, for names and short texts in messages.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// days is n days as a duration.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
