package policy

import (
	"context"
	"time"

	"github.com/framekeeper/framekeeper"
)

// Draft is the policy as the practice is editing it, not yet published.
type Draft struct {
	Policy    Policy    `json:"policy"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// Published is a version as stored: the version itself and the exact
// document clients read and sign, frozen when it was published so that a
// later change to the wording generator never changes what was published.
type Published struct {
	Version
	Document Document `json:"document"`
}

// Service stores the draft and the published versions. Published versions
// are immutable; exactly one (the highest number) is in force.
type Service interface {
	// Draft returns the draft; a practice that never saved one starts from
	// the comprehensive template with its own name.
	Draft(ctx context.Context) (Draft, error)
	SaveDraft(ctx context.Context, actor framekeeper.Actor, p Policy) (Draft, error)
	// Publish makes p the next version, in force from effectiveAt, and makes
	// it the new draft too. Only admins publish; a summary is required.
	Publish(ctx context.Context, actor framekeeper.Actor, p Policy, summary string, effectiveAt time.Time) (Published, error)
	// Current returns the version in force, or not_found when none is
	// published yet.
	Current(ctx context.Context) (Published, error)
	VersionByNumber(ctx context.Context, n int) (Published, error)
	// Versions lists every version, newest first.
	Versions(ctx context.Context) ([]Published, error)
}

// MaxSummaryLen bounds a summary of changes.
const MaxSummaryLen = 2000

// NewPublished validates a version and freezes its document.
func NewPublished(v Version) (Published, error) {
	if err := v.Validate(); err != nil {
		return Published{}, err
	}
	doc := NewDocument(v.Policy, DocumentOptions{Version: v.Number, EffectiveAt: v.EffectiveAt})
	return Published{Version: v, Document: doc}, nil
}
