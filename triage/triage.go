// Package triage turns an interaction (a message, a friend request, a
// review, a search request…) into a decision: what the policy in force says
// happens, for this sender and this content. The decision engine is a pure
// function of the policy version, the interaction, the sender's relationship
// to the practice and the content signals; storage and delivery of its
// effects live elsewhere.
package triage

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// Kind is what sort of interaction happened (spec section 2).
type Kind string

// The interaction kinds of the contract.
const (
	FriendRequest        Kind = "friend_request"
	Follow               Kind = "follow"
	PageLike             Kind = "page_like"
	DirectMessage        Kind = "direct_message"
	PublicComment        Kind = "public_comment"
	SMS                  Kind = "sms"
	Email                Kind = "email"
	Review               Kind = "review"
	Checkin              Kind = "checkin"
	AccidentalConnection Kind = "accidental_connection"
	IncidentalEncounter  Kind = "incidental_encounter"
	SearchRequest        Kind = "search_request"
)

// Kinds lists every kind.
func Kinds() []Kind {
	return []Kind{FriendRequest, Follow, PageLike, DirectMessage, PublicComment, SMS, Email, Review, Checkin,
		AccidentalConnection, IncidentalEncounter, SearchRequest}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Channel is how the interaction reached the practice.
type Channel string

// The channels of the contract.
const (
	ChannelEmail      Channel = "email"
	ChannelSMS        Channel = "sms"
	ChannelFacebook   Channel = "facebook"
	ChannelInstagram  Channel = "instagram"
	ChannelX          Channel = "x"
	ChannelLinkedIn   Channel = "linkedin"
	ChannelReviewSite Channel = "review_site"
	ChannelInPerson   Channel = "in_person"
	ChannelOther      Channel = "other"
)

// Channels lists every channel.
func Channels() []Channel {
	return []Channel{ChannelEmail, ChannelSMS, ChannelFacebook, ChannelInstagram, ChannelX, ChannelLinkedIn, ChannelReviewSite, ChannelInPerson, ChannelOther}
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	for _, x := range Channels() {
		if c == x {
			return true
		}
	}
	return false
}

// Sender is who an interaction came from, as the channel tells it.
type Sender struct {
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Platform string `json:"platform,omitempty"` // facebook, instagram, x, linkedin
	Handle   string `json:"handle,omitempty"`
}

// Interaction is one input line of `framekeeper triage` and of
// POST /api/v1/interactions (spec section 4). ID is the channel's own id,
// used to process a message delivered twice only once.
type Interaction struct {
	ID      string    `json:"id,omitempty"`
	Kind    Kind      `json:"kind"`
	Channel Channel   `json:"channel"`
	From    Sender    `json:"from"`
	To      string    `json:"to,omitempty"` // "practice" or a staff email
	Text    string    `json:"text,omitempty"`
	At      time.Time `json:"at,omitzero"`
	// Automatic says why the message was sent by a machine or must
	// otherwise never be answered automatically (RFC 3834: Auto-Submitted,
	// a mailing list, a bounce, the practice's own address). Empty for a
	// person's message.
	Automatic string `json:"automatic,omitempty"`
}

// Relationship is the sender's relation to the practice.
type Relationship string

// Relationships of the contract.
const (
	Current     Relationship = "current"
	Former      Relationship = "former"
	Prospective Relationship = "prospective"
	Relative    Relationship = "relative" // a client's friend or family member
	Unknown     Relationship = "unknown"
)

// Match is how the sender was recognised.
type Match string

// Matches of the contract.
const (
	MatchExact Match = "exact" // a known identifier
	MatchFuzzy Match = "fuzzy" // name-based
	MatchNone  Match = "none"
)

// SenderResult is who the sender turned out to be.
type SenderResult struct {
	ClientID     string       `json:"client_id"`
	Relationship Relationship `json:"relationship"`
	Match        Match        `json:"match"`
	Confidence   float64      `json:"confidence"`
}

// Action is one thing the decision says to do.
type Action string

// The actions of the contract.
const (
	ActDecline              Action = "decline"
	ActIgnore               Action = "ignore"
	ActRemoveConnection     Action = "remove_connection"
	ActDoNotFollowBack      Action = "do_not_follow_back"
	ActNoReply              Action = "no_reply"
	ActReply                Action = "reply"
	ActDoNotRespond         Action = "do_not_respond"
	ActDocument             Action = "document"
	ActAgenda               Action = "agenda"
	ActEscalate             Action = "escalate"
	ActAllow                Action = "allow"
	ActDeny                 Action = "deny"
	ActRequireDocumentation Action = "require_documentation"
)

// Reply is a message to send back, on a channel. It never repeats or quotes
// the sender's content.
type Reply struct {
	Channel Channel `json:"channel"`
	Text    string  `json:"text"`
}

// Crisis is the crisis evaluation, made for every interaction with text.
type Crisis struct {
	Detected bool     `json:"detected"`
	Signals  []string `json:"signals"`
}

// Content is what the text is about.
type Content struct {
	Clinical       bool `json:"clinical"`
	Administrative bool `json:"administrative"`
}

// PolicyRef names the policy version and clauses that justify a decision.
type PolicyRef struct {
	Version int             `json:"version"`
	Clauses []policy.Clause `json:"clauses"`
}

// Decision is the outcome of triage (spec section 3).
type Decision struct {
	EventID     string       `json:"event_id"`
	Sender      SenderResult `json:"sender"`
	Actions     []Action     `json:"actions"`
	Reply       *Reply       `json:"reply"`
	ChartNote   *string      `json:"chart_note"`
	AgendaItem  *string      `json:"agenda_item"`
	Crisis      Crisis       `json:"crisis"`
	Content     Content      `json:"content"`
	Policy      PolicyRef    `json:"policy"`
	Explanation string       `json:"explanation"`
	// Pending lists outward actions held back until a person confirms a
	// fuzzy sender match (a reply, a removal). Not part of the contract's
	// shape, for the inbox.
	Pending []Action `json:"pending,omitempty"`
}

// Has reports whether the decision includes an action.
func (d Decision) Has(a Action) bool {
	for _, x := range d.Actions {
		if x == a {
			return true
		}
	}
	return false
}

// MaxTextLen bounds an interaction's text: a long email fits, a payload
// meant to exhaust the detectors does not.
const MaxTextLen = 256 << 10

// needsText lists the kinds that are messages: without text there is
// nothing to decide on.
var needsText = map[Kind]bool{DirectMessage: true, PublicComment: true, SMS: true, Email: true, Review: true}

// Validate checks an interaction as it arrives, naming the field at fault.
func (in *Interaction) Validate() error {
	switch {
	case in.Kind == "":
		return framekeeper.Invalid("kind", "kind is required (one of friend_request, follow, page_like, direct_message, public_comment, sms, email, review, checkin, accidental_connection, incidental_encounter, search_request).")
	case !in.Kind.Valid():
		return framekeeper.Invalid("kind", "Unknown kind %q.", in.Kind)
	case in.Channel == "":
		return framekeeper.Invalid("channel", "channel is required (email, sms, facebook, instagram, x, linkedin, review_site, in_person or other).")
	case !in.Channel.Valid():
		return framekeeper.Invalid("channel", "Unknown channel %q.", in.Channel)
	case in.From.Platform != "" && !validPlatform(in.From.Platform):
		return framekeeper.Invalid("from.platform", "Unknown platform %q (facebook, instagram, x or linkedin).", in.From.Platform)
	case strings.TrimSpace(in.From.Name+in.From.Email+in.From.Phone+in.From.Handle) == "":
		return framekeeper.Invalid("from", "from must identify the sender: a name, email, phone or handle.")
	case needsText[in.Kind] && strings.TrimSpace(in.Text) == "":
		return framekeeper.Invalid("text", "A %s needs its text.", in.Kind)
	case len(in.Text) > MaxTextLen:
		return framekeeper.Invalid("text", "text is longer than %d bytes.", MaxTextLen)
	case len(in.ID) > 500:
		return framekeeper.Invalid("id", "id is longer than 500 characters.")
	}
	for field, v := range map[string]string{"id": in.ID, "text": in.Text, "from.name": in.From.Name, "from.email": in.From.Email,
		"from.phone": in.From.Phone, "from.handle": in.From.Handle, "to": in.To} {
		if !utf8.ValidString(v) {
			return framekeeper.Invalid(field, "%s is not valid UTF-8.", field)
		}
		if field != "text" && len(v) > 1000 {
			return framekeeper.Invalid(field, "%s is too long.", field)
		}
	}
	return nil
}

func validPlatform(p string) bool {
	switch p {
	case "facebook", "instagram", "x", "linkedin":
		return true
	}
	return false
}
