// Package intake is the durable path every interaction takes: it is stored
// with its raw payload before anyone is told it arrived, then a bounded pool
// of workers recognises the sender, runs the decision engine against the
// policy in force and commits the decision and all its effects (chart entry,
// agenda item, alert, outgoing messages) in one transaction. Interactions a
// crash or a failure left unfinished are picked up again; a message
// delivered twice is processed once.
//
// The channel adapters (intake/twilio, intake/meta, intake/xapi, mail
// intake) parse their provider's format and hand interactions to Submit.
package intake

import (
	"context"
	"encoding/json"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// Status of a stored interaction.
const (
	StatusPending    = "pending"
	StatusProcessing = "processing"
	StatusDone       = "done"
	StatusFailed     = "failed" // an attempt failed; it will be retried
)

// Stored is an interaction as kept, with its decision once made.
type Stored struct {
	ID           string             `json:"id"`
	Input        triage.Interaction `json:"interaction"`
	Raw          []byte             `json:"-"`
	ReceivedAt   time.Time          `json:"received_at"`
	Status       string             `json:"status"`
	Attempts     int                `json:"attempts"`
	LastError    string             `json:"last_error,omitempty"`
	ClientID     string             `json:"client_id,omitempty"`
	Crisis       bool               `json:"crisis"`
	Decision     *triage.Decision   `json:"decision"`
	ProcessedAt  *time.Time         `json:"processed_at,omitempty"`
	ReviewStatus string             `json:"review_status,omitempty"`
	// Reply is the reply already taken for sending in the caller's own
	// response (SubmitAnswering); nil otherwise.
	Reply *framekeeper.OutboxMessage `json:"-"`
}

// Claim is a lease on one stored interaction: only the holder of the token
// may complete it, so two workers never both commit a decision.
type Claim struct {
	Stored
	Token string
}

// Outcome is a decision with every effect it has, committed together.
type Outcome struct {
	Decision triage.Decision
	ClientID string // the sender's client when the match is exact; its therapist sees the interaction
	Urgency  int    // higher first in the inbox: crisis 100
	Chart    *framekeeper.RecordEntry
	Agenda   *framekeeper.AgendaItem
	Alert    *framekeeper.Alert
	Outbox   []framekeeper.OutboxMessage
	// Generation, when not 0, is the configuration generation of a cached
	// decision context: the Store commits the outcome only if it is still
	// the current one, and returns ErrStaleContext otherwise.
	Generation int64
}

// Filter selects interactions for the inbox and the API.
type Filter struct {
	ClientID string
	Status   string
	Crisis   *bool
	Limit    int
	Offset   int
	// ByUrgency puts crises and items needing a person first.
	ByUrgency bool
	// ReviewStatus selects decisions waiting for a person
	// ("confirm_sender", "crisis").
	ReviewStatus string
}

// Store keeps interactions and commits outcomes. storage.DB implements it.
type Store interface {
	// InsertInteraction stores a new interaction. When the channel and
	// external id were seen before it returns the stored one and false.
	InsertInteraction(ctx context.Context, s *Stored) (bool, error)
	// InsertClaimed is InsertInteraction that also leases a new row to the
	// caller in the same transaction (the claim is empty for a repeat).
	InsertClaimed(ctx context.Context, s *Stored, lease time.Duration) (Claim, bool, error)
	// InsertDecided stores a new interaction with its decision and every
	// effect of the outcome in one transaction, keeping s.ID and
	// s.ReceivedAt, and fills in the ids of o's outbox messages. For a
	// repeat it returns the stored one and false, and writes nothing. When
	// o.Generation is set and no longer current, it writes nothing and
	// returns ErrStaleContext.
	InsertDecided(ctx context.Context, s *Stored, o *Outcome) (bool, error)
	FindInteraction(ctx context.Context, id string) (Stored, error)
	// ClaimInteraction leases one interaction if it is waiting.
	ClaimInteraction(ctx context.Context, id string, lease time.Duration) (Claim, bool, error)
	// ClaimDue leases up to limit interactions that are waiting, whose retry
	// time has come, or whose lease ran out (a worker died).
	ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]Claim, error)
	// Complete commits the decision and all its effects if the claim still
	// holds; otherwise it returns a conflict and changes nothing.
	Complete(ctx context.Context, c Claim, o Outcome) error
	// Fail records a failed attempt and when to try again.
	Fail(ctx context.Context, c Claim, reason string, retryAt time.Time) error
	// FindInteractions lists interactions the actor may see, most urgent and
	// newest first.
	FindInteractions(ctx context.Context, actor framekeeper.Actor, f Filter) ([]Stored, int, error)
}

// rawOrInput returns the raw payload to keep: the provider's bytes, or the
// input line itself when it came as a triage line.
func rawOrInput(raw []byte, in triage.Interaction) []byte {
	if len(raw) > 0 {
		return raw
	}
	b, _ := json.Marshal(in)
	return b
}
