package policy

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
)

// MaxOverrideLen bounds one section override, so a pasted document cannot
// turn every rendering and diff of the policy into a slow one.
const MaxOverrideLen = 20000

// Policy is a practice's policy as edited: the profile, one stance per clause
// and optional Markdown that replaces the generated text of a section. The
// JSON shape matches the output of `framekeeper policy import`, so an imported
// policy can be rendered as is.
type Policy struct {
	Profile   Profile           `json:"profile"`
	Stances   Stances           `json:"clauses"`
	Overrides map[Clause]string `json:"overrides,omitempty"`
}

// Validate checks a policy that may still be a draft: clause and stance names
// and the overrides. A draft may lack a practice name.
func (p Policy) Validate() error {
	if err := p.Stances.Validate(); err != nil {
		return err
	}
	for _, c := range sortedClauses(p.Overrides) {
		if _, ok := Info(c); !ok {
			return framekeeper.Invalid("overrides."+string(c), "override for unknown clause %q", c)
		}
		text := p.Overrides[c]
		if !utf8.ValidString(text) {
			return framekeeper.Invalid("overrides."+string(c), "override for %s is not valid UTF-8", c)
		}
		if len(text) > MaxOverrideLen {
			return framekeeper.Invalid("overrides."+string(c), "override for %s is longer than %d bytes", c, MaxOverrideLen)
		}
	}
	return nil
}

// ValidateForPublish checks what Validate checks plus what a client-facing
// document cannot do without: the practice's name.
func (p Policy) ValidateForPublish() error {
	if err := p.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(p.Profile.PracticeName) == "" {
		return framekeeper.Invalid("profile.practice_name", "practice name is required to publish a policy")
	}
	return nil
}

// Clone returns a deep copy, so a caller can change a template's policy
// without changing the next caller's.
func (p Policy) Clone() Policy {
	out := p
	out.Stances = p.Stances.Complete()
	if p.Overrides != nil {
		out.Overrides = make(map[Clause]string, len(p.Overrides))
		for c, t := range p.Overrides {
			out.Overrides[c] = t
		}
	}
	out.Profile.TherapistNames = append([]string(nil), p.Profile.TherapistNames...)
	out.Profile.Channels = append([]Channel(nil), p.Profile.Channels...)
	return out
}

// Version is one published version of a policy. Versions are numbered from 1
// and never change once published; storage keeps them.
type Version struct {
	Number      int       `json:"number"`
	Summary     string    `json:"summary"`
	EffectiveAt time.Time `json:"effective_at"`
	Author      string    `json:"author"`
	Policy      Policy    `json:"policy"`
	PublishedAt time.Time `json:"published_at"`
}

// Validate checks a version before it is published.
func (v Version) Validate() error {
	if v.Number < 1 {
		return framekeeper.Invalid("number", "version number must be 1 or more")
	}
	if v.EffectiveAt.IsZero() {
		return framekeeper.Invalid("effective_at", "effective date is required")
	}
	return v.Policy.ValidateForPublish()
}

func sortedClauses[V any](m map[Clause]V) []Clause {
	out := make([]Clause, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
