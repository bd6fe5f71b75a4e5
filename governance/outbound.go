package governance

import (
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/postcheck"
)

// Guard checks what the practice itself sends — replies, notices, reminders
// and the templates behind them — for testimonial solicitation (APA 5.05,
// seed 002) and for a person's identifying or health details. It is
// immutable and safe for concurrent use.
type Guard struct {
	check *postcheck.Checker
}

// NewGuard compiles the checker once.
func NewGuard() *Guard { return &Guard{check: postcheck.New()} }

// GuardRules are the postcheck rules an outgoing message must pass. Client
// references are not among them: a reminder to a client rightly speaks of
// "your next session".
var guardRules = []postcheck.Rule{postcheck.TestimonialSolicitation, postcheck.PHI}

// Findings returns what the guard objects to in text.
func (g *Guard) Findings(text string) []postcheck.Finding {
	return g.check.Only(text, guardRules...)
}

// Check returns an invalid error explaining the first objection, or nil.
func (g *Guard) Check(text string) error {
	fs := g.Findings(text)
	if len(fs) == 0 {
		return nil
	}
	reasons := make([]string, 0, len(fs))
	for _, f := range fs {
		reasons = append(reasons, f.Message)
	}
	return framekeeper.Invalid("text", "The practice does not send this: %s", strings.Join(reasons, " "))
}
