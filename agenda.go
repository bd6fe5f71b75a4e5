package framekeeper

import (
	"encoding/json"
	"time"
)

// AgendaItem is something to discuss at a client's next session: a friend
// request, a message sent on a channel the policy does not use, a search made
// in a crisis. The therapist closes it in session with a note, which goes
// into the chart.
type AgendaItem struct {
	ID            string     `json:"id"`
	ClientID      string     `json:"client_id"`
	InteractionID string     `json:"interaction_id,omitempty"`
	Source        string     `json:"source"` // interaction, acknowledgment, search, manual
	Text          string     `json:"text"`
	CreatedAt     time.Time  `json:"created_at"`
	DueAt         *time.Time `json:"due_at,omitempty"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"`
	ClosedBy      string     `json:"closed_by,omitempty"`
	CloseNote     string     `json:"close_note,omitempty"`
}

// Alert is a crisis waiting for a person. It stays on every console page
// until someone acknowledges it.
type Alert struct {
	ID             string     `json:"id"`
	InteractionID  string     `json:"interaction_id"`
	ClientID       string     `json:"client_id,omitempty"`
	Summary        string     `json:"summary"`
	CreatedAt      time.Time  `json:"created_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
}

// OutboxMessage is something to deliver — an email, a reply on a channel, a
// webhook call — written in the same transaction as the decision that causes
// it, and sent by a worker that retries.
type OutboxMessage struct {
	ID            string          `json:"id"`
	Kind          string          `json:"kind"` // email, sms, facebook, instagram, x, linkedin, webhook
	Recipient     string          `json:"recipient"`
	Subject       string          `json:"subject,omitempty"`
	Body          string          `json:"body"`
	Meta          json.RawMessage `json:"meta,omitempty"` // threading headers, signature settings…
	InteractionID string          `json:"interaction_id,omitempty"`
	Status        string          `json:"status"` // pending, sending, sent, failed, held
	Attempts      int             `json:"attempts"`
	LastError     string          `json:"last_error,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	SentAt        *time.Time      `json:"sent_at,omitempty"`
}

// Outbox statuses. A held message waits for a person: a reply to a sender
// only matched by name, or one for a channel with no sender configured.
const (
	OutboxPending   = "pending"
	OutboxSending   = "sending"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
	OutboxHeld      = "held"
	OutboxCancelled = "cancelled"
)
