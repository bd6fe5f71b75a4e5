package governance

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// Checklist is the self-audit: the guidance for clinicians on social media
// (seed 003), one item to tick each.
func Checklist() []policy.ConductItem { return policy.ConductChecklist() }

// SelfAudit is one completed pass through the checklist.
type SelfAudit struct {
	ID          string          `json:"id"`
	StaffID     string          `json:"staff_id"`
	Items       map[string]bool `json:"items"`
	Note        string          `json:"note,omitempty"`
	CompletedAt time.Time       `json:"completed_at"`
}

// Validate checks that every item was gone through: a self-audit with an
// item skipped is not complete.
func (a *SelfAudit) Validate() error {
	a.Note = strings.TrimSpace(a.Note)
	if !utf8.ValidString(a.Note) || len(a.Note) > 4000 {
		return framekeeper.Invalid("note", "Keep the note under 4000 bytes of text.")
	}
	known := map[string]bool{}
	var missing []string
	for _, it := range Checklist() {
		known[it.ID] = true
		if !a.Items[it.ID] {
			missing = append(missing, it.Title)
		}
	}
	for id := range a.Items {
		if !known[id] {
			return framekeeper.Invalid("items", "Unknown checklist item %q.", id)
		}
	}
	if len(missing) > 0 {
		e := framekeeper.Invalid("items", "Go through every item before you record the self-audit; still to do: %s.", strings.Join(missing, "; "))
		return e
	}
	return nil
}

// AuditStatus is where one clinician stands with the self-audit.
type AuditStatus struct {
	StaffID       string     `json:"staff_id"`
	Name          string     `json:"name"`
	LastCompleted *time.Time `json:"last_completed,omitempty"`
	NextDue       time.Time  `json:"next_due"`
	Overdue       bool       `json:"overdue"`
	RemindedAt    *time.Time `json:"reminded_at,omitempty"`
}

// NextDue is when a self-audit falls due: one interval after the last one,
// or at once for someone who never did one (from when they joined).
func NextDue(last *time.Time, joined time.Time, s Settings) time.Time {
	s = s.WithDefaults()
	if last == nil {
		return joined
	}
	return last.Add(days(s.SelfAuditEveryDays))
}

// ReminderDue reports whether a reminder for the audit due at due should go
// out at now.
func ReminderDue(due, now time.Time, s Settings) bool {
	s = s.WithDefaults()
	return !now.Before(due.Add(-days(s.RemindDaysBefore)))
}

// AuditReminder is the email a clinician gets when a self-audit is due. It
// names no client and links to the checklist.
func AuditReminder(name string, due time.Time, link string) (subject, body string) {
	subject = "Your social media self-audit is due"
	body = "Hello " + oneLine(name) + ",\n\nYour social media self-audit is due on " + due.UTC().Format("2 January 2006") +
		". It takes a few minutes: review your privacy settings, check your follower and following lists, review old posts, and make sure your standard response is ready.\n\n" +
		"Open the checklist: " + link + "\n"
	return subject, body
}

// OverdueNotice is the email supervisors get when a search discussion is
// overdue. Mail is not a safe place for names: it links to the report.
func OverdueNotice(due time.Time, link string) (subject, body string) {
	subject = "An online search has not been discussed in time"
	body = "A search made for a client's welfare was due to be discussed with the client by " + due.UTC().Format("2 January 2006") +
		", and the discussion is not on record yet.\n\nOpen the search report: " + link + "\n"
	return subject, body
}
