package framekeeper

import "time"

// IgnoredEvent is a webhook event that arrived, was verified, and is not an
// interaction (a read receipt, a like, a type Framekeeper does not handle).
// It is kept raw and shown on the channels page, so nothing is dropped
// silently.
type IgnoredEvent struct {
	ID         string    `json:"id"`
	Channel    string    `json:"channel"`
	Type       string    `json:"type"`
	ExternalID string    `json:"external_id,omitempty"`
	Reason     string    `json:"reason"`
	Raw        []byte    `json:"-"`
	ReceivedAt time.Time `json:"received_at"`
}
