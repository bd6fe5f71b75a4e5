package framekeeper

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// RecordKind names what a chart entry is. Notes come from staff; later kinds
// come from triage, acknowledgments and searches.
type RecordKind string

// Record kinds.
const (
	RecordNote       RecordKind = "note"
	RecordCorrection RecordKind = "correction"
)

// RecordEntry is one entry of a client's append-only chart. Each entry carries
// the hash of the one before it, so an edit, removal or reorder anywhere in
// the chain is detected (see package record).
type RecordEntry struct {
	ID        string          `json:"id"`
	ClientID  string          `json:"client_id"`
	Seq       int64           `json:"seq"`
	Kind      RecordKind      `json:"kind"`
	Text      string          `json:"text"`
	Data      json.RawMessage `json:"data,omitempty"`
	AuthorID  string          `json:"author_id,omitempty"`
	Amends    string          `json:"amends,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// MaxRecordText bounds one chart entry's text.
const MaxRecordText = 64 << 10

// Validate checks a new entry as written by staff.
func (e *RecordEntry) Validate() error {
	if e.Kind == "" {
		e.Kind = RecordNote
	}
	if e.Kind != RecordNote && e.Kind != RecordCorrection {
		return Invalid("kind", "Kind must be note or correction.")
	}
	if e.Kind == RecordCorrection && e.Amends == "" {
		return Invalid("amends", "A correction names the entry it amends.")
	}
	if e.Amends != "" && e.Kind == RecordNote {
		e.Kind = RecordCorrection
	}
	if strings.TrimSpace(e.Text) == "" {
		return Invalid("text", "Text is required.")
	}
	if !utf8.ValidString(e.Text) {
		return Invalid("text", "Text is not valid UTF-8.")
	}
	if len(e.Text) > MaxRecordText {
		return Invalid("text", "Text is longer than %d bytes.", MaxRecordText)
	}
	return nil
}

// AccessEvent is one line of the access log: who read which client's record.
type AccessEvent struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	StaffID  string    `json:"staff_id"`
	Staff    string    `json:"staff"`
	ClientID string    `json:"client_id"`
	Action   string    `json:"action"`
}

// Practice is the organisation this database serves. Its client-facing
// profile lives with its policy.
type Practice struct {
	ID        string    `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}
