// Package consent keeps what each client agreed to about electronic contact:
// to be searched for online (seed 001: "without your permission"), to receive
// texts or email about administrative matters, and which channel they prefer
// between sessions. A consent has a scope in words and the date the client
// gave it; it is never edited, only revoked, and the newest one of a kind is
// the one in force.
package consent

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
)

// Kind is what a consent is about.
type Kind string

// The kinds of consent.
const (
	Search           Kind = "search"            // to be searched for online (search_engines: with_consent_or_crisis)
	Texting          Kind = "texting"           // to receive texts about administrative matters
	Email            Kind = "email"             // to receive email about administrative matters
	PreferredChannel Kind = "preferred_channel" // the channel the client prefers between sessions
)

// Kinds lists every kind in a stable order.
func Kinds() []Kind { return []Kind{Search, Texting, Email, PreferredChannel} }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Label is the kind as the console shows it.
func (k Kind) Label() string {
	switch k {
	case Search:
		return "Online search"
	case Texting:
		return "Texts for administrative matters"
	case Email:
		return "Email for administrative matters"
	case PreferredChannel:
		return "Preferred channel between sessions"
	}
	return string(k)
}

// Channels a client may prefer between sessions (the profile's contact
// channels of the contract).
var channels = []string{"phone", "sms", "email", "portal", "in_person"}

// Channels lists the channels a client may prefer.
func Channels() []string { return append([]string(nil), channels...) }

// Consent is one consent or refusal as the client gave it.
type Consent struct {
	ID       string `json:"id"`
	ClientID string `json:"client_id"`
	Kind     Kind   `json:"kind"`
	// Granted is false for an explicit refusal ("no texts, please"), which
	// turns off what the policy would otherwise allow by default.
	Granted bool `json:"granted"`
	// Scope says what it covers, in words: "public profiles only, in a
	// crisis or to confirm identity", "appointment changes and billing".
	Scope string `json:"scope"`
	// Channel is the preferred channel (preferred_channel only).
	Channel    string     `json:"channel,omitempty"`
	GivenAt    time.Time  `json:"given_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RecordedBy string     `json:"recorded_by,omitempty"`
	RecordedAt time.Time  `json:"recorded_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	RevokedBy  string     `json:"revoked_by,omitempty"`
	RevokeNote string     `json:"revoke_note,omitempty"`
}

// MaxScope bounds a scope: a sentence or two, not a document.
const MaxScope = 2000

// Validate checks a new consent, naming the field at fault.
func (c *Consent) Validate(now time.Time) error {
	c.Scope = strings.TrimSpace(c.Scope)
	c.Channel = strings.TrimSpace(strings.ToLower(c.Channel))
	switch {
	case c.Kind == "":
		return framekeeper.Invalid("kind", "kind is required (search, texting, email or preferred_channel).")
	case !c.Kind.Valid():
		return framekeeper.Invalid("kind", "Unknown kind %q (search, texting, email or preferred_channel).", c.Kind)
	case c.Scope == "":
		return framekeeper.Invalid("scope", "Say what the consent covers (its scope), in a few words.")
	case !utf8.ValidString(c.Scope):
		return framekeeper.Invalid("scope", "scope is not valid UTF-8.")
	case len(c.Scope) > MaxScope:
		return framekeeper.Invalid("scope", "scope is longer than %d bytes.", MaxScope)
	}
	if c.Kind == PreferredChannel {
		ok := false
		for _, ch := range channels {
			ok = ok || ch == c.Channel
		}
		if !ok {
			return framekeeper.Invalid("channel", "channel must be one of %s.", strings.Join(channels, ", "))
		}
		c.Granted = true
	} else if c.Channel != "" {
		return framekeeper.Invalid("channel", "Only a preferred_channel consent names a channel.")
	}
	if c.GivenAt.IsZero() {
		c.GivenAt = now
	}
	if c.GivenAt.After(now.Add(24 * time.Hour)) {
		return framekeeper.Invalid("given_at", "given_at is in the future; use the date the client gave it.")
	}
	if c.ExpiresAt != nil && !c.ExpiresAt.After(c.GivenAt) {
		return framekeeper.Invalid("expires_at", "expires_at must come after given_at.")
	}
	return nil
}

// Active reports whether a consent is in force at t: not revoked and not
// expired.
func (c Consent) Active(t time.Time) bool {
	return c.RevokedAt == nil && (c.ExpiresAt == nil || t.Before(*c.ExpiresAt))
}

// Status is the consent's state in words, for lists.
func (c Consent) Status(t time.Time) string {
	switch {
	case c.RevokedAt != nil:
		return "revoked"
	case c.ExpiresAt != nil && !t.Before(*c.ExpiresAt):
		return "expired"
	case !c.Granted:
		return "refused"
	}
	return "given"
}

// Summary is what a client's consents add up to at one time. A nil pointer
// means nothing on file, so the caller's default applies.
type Summary struct {
	Texting, Email, Search *bool
	// Channel is the preferred channel, "" when none is on file.
	Channel string
}

// Summarise reads a client's consents at t. For each kind the newest one
// given wins: in force and granted turns it on; a refusal or a revocation
// turns it off; an expired grant counts as nothing on file.
func Summarise(cs []Consent, t time.Time) Summary {
	var s Summary
	newest := map[Kind]Consent{}
	for _, c := range cs {
		n, ok := newest[c.Kind]
		if !ok || c.GivenAt.After(n.GivenAt) || (c.GivenAt.Equal(n.GivenAt) && c.RecordedAt.After(n.RecordedAt)) ||
			(c.GivenAt.Equal(n.GivenAt) && c.RecordedAt.Equal(n.RecordedAt) && c.ID > n.ID) {
			newest[c.Kind] = c
		}
	}
	for k, c := range newest {
		var v *bool
		switch {
		case c.RevokedAt != nil || !c.Granted:
			v = new(bool)
		case c.Active(t):
			v = new(bool)
			*v = true
		}
		switch k {
		case Texting:
			s.Texting = v
		case Email:
			s.Email = v
		case Search:
			s.Search = v
		case PreferredChannel:
			if v != nil && *v {
				s.Channel = c.Channel
			}
		}
	}
	return s
}

// Or returns the value, or def when nothing is on file.
func Or(v *bool, def bool) bool {
	if v == nil {
		return def
	}
	return *v
}

// ParseDate reads a date as the console and API give it: "2006-01-02" (the
// start of that day, UTC) or an RFC 3339 time. Empty is the zero time.
func ParseDate(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, framekeeper.Invalid(field, "%s must be a date like 2025-03-14.", field)
}

// Service keeps consents. Every method takes the acting staff member and
// enforces the caseload and role rules.
type Service interface {
	FindConsents(ctx context.Context, actor framekeeper.Actor, clientID string) ([]Consent, error)
	RecordConsent(ctx context.Context, actor framekeeper.Actor, c *Consent) error
	RevokeConsent(ctx context.Context, actor framekeeper.Actor, clientID, consentID, note string) (Consent, error)
}
