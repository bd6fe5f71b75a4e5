package xapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/framekeeper/framekeeper/intake/wire"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// Result is what one webhook delivery holds: the interactions to triage and
// the events deliberately left out, each with why.
type Result struct {
	ForUserID    string               `json:"for_user_id"` // the subscribed account
	Interactions []triage.Interaction `json:"interactions"`
	Ignored      []Ignored            `json:"ignored"`
}

// Ignored is an event that is not an interaction with the account.
type Ignored struct {
	Type   string `json:"type"` // e.g. "follow_events.unfollow", "favorite_events"
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// Parse reads an Account Activity webhook body. A follow of the account
// becomes a follow (From.Handle = the follower's screen name); a direct
// message to it a direct_message (ID = the event id); a post that mentions,
// replies to or quotes it a public_comment (ID = the post id). The account's
// own actions, unfollows, likes, receipts and the rest are returned in
// Ignored. A body that is not an Account Activity payload is an error.
func Parse(body []byte) (Result, error) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' {
		return Result{}, framekeeper.Invalid("body", "The webhook body is not a JSON object.")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return Result{}, framekeeper.Invalid("body", "The webhook body is not valid JSON: %s.", jsonMessage(err))
	}
	var forUser flexID
	if err := decode(top["for_user_id"], &forUser); err != nil || forUser == "" {
		return Result{}, framekeeper.Invalid("for_user_id", "The webhook body has no for_user_id; it is not an Account Activity event.")
	}
	r := Result{ForUserID: string(forUser), Interactions: []triage.Interaction{}, Ignored: []Ignored{}}

	var users map[string]user
	_ = decode(top["users"], &users) // only names for DMs; their absence is not fatal

	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable order whatever the map gives
	for _, k := range keys {
		raw := top[k]
		var err error
		switch k {
		case "for_user_id", "users", "apps", "user_has_blocked", "is_blocked_by", "source":
			continue
		case "follow_events":
			err = r.follows(raw)
		case "direct_message_events":
			err = r.directMessages(raw, users)
		case "tweet_create_events":
			err = r.tweets(raw)
		case "":
			r.Ignored = append(r.Ignored, Ignored{Type: "unnamed", Reason: "a field without a name"})
		default:
			r.Ignored = append(r.Ignored, Ignored{Type: k, Reason: otherReason(k)})
		}
		if err != nil {
			return Result{}, framekeeper.Invalid(k, "%s is not a list of events: %s.", k, jsonMessage(err))
		}
	}
	return r, nil
}

func otherReason(key string) string {
	switch key {
	case "favorite_events":
		return "a like carries no message"
	case "tweet_delete_events":
		return "a deleted post"
	case "direct_message_indicate_typing_events", "direct_message_mark_read_events":
		return "typing indicator or read receipt"
	case "block_events", "unblock_events", "mute_events", "unmute_events":
		return "an action taken by the account"
	case "user_event":
		return "the account revoked the app's access"
	}
	return "event type not handled"
}

type user struct {
	ID         flexID `json:"id"`
	IDStr      string `json:"id_str"`
	Name       string `json:"name"`
	ScreenName string `json:"screen_name"`
}

func (u user) id() string {
	if u.IDStr != "" {
		return u.IDStr
	}
	return string(u.ID)
}

type followEvent struct {
	Type             string `json:"type"`
	CreatedTimestamp millis `json:"created_timestamp"`
	Source           user   `json:"source"`
	Target           user   `json:"target"`
}

func (r *Result) follows(raw json.RawMessage) error {
	var evs []followEvent
	if err := decode(raw, &evs); err != nil {
		return err
	}
	for _, e := range evs {
		typ := "follow_events." + e.Type
		ign := func(reason string) {
			r.Ignored = append(r.Ignored, Ignored{Type: typ, ID: e.Source.id(), Reason: reason})
		}
		switch {
		case e.Type == "unfollow":
			ign("an unfollow is not acted on")
		case e.Type != "follow":
			ign("event type not handled")
		case e.Source.id() == r.ForUserID:
			ign("the account followed someone")
		case e.Target.id() != "" && e.Target.id() != r.ForUserID:
			ign("a follow of another account")
		case e.Source.ScreenName == "" && e.Source.id() == "":
			ign("a follow without a follower")
		default:
			handle := e.Source.ScreenName
			if handle == "" {
				handle = e.Source.id()
			}
			// A follow has no id of its own: follower and time make one, so
			// a redelivery is recognised and a later re-follow is not.
			id := "follow:" + e.Source.id() + ":" + strconv.FormatInt(e.CreatedTimestamp.t.UnixMilli(), 10)
			if e.CreatedTimestamp.t.IsZero() {
				id = "follow:" + e.Source.id()
			}
			r.Interactions = append(r.Interactions, triage.Interaction{
				ID:      id,
				Kind:    triage.Follow,
				Channel: triage.ChannelX,
				From:    triage.Sender{Name: clean(e.Source.Name), Platform: "x", Handle: clean(handle)},
				To:      r.ForUserID,
				At:      e.CreatedTimestamp.t,
			})
		}
	}
	return nil
}

type dmEvent struct {
	Type             string `json:"type"`
	ID               flexID `json:"id"`
	CreatedTimestamp millis `json:"created_timestamp"`
	MessageCreate    struct {
		Target struct {
			RecipientID flexID `json:"recipient_id"`
		} `json:"target"`
		SenderID    flexID `json:"sender_id"`
		MessageData struct {
			Text       string `json:"text"`
			Attachment *struct {
				Type string `json:"type"`
			} `json:"attachment"`
		} `json:"message_data"`
	} `json:"message_create"`
}

func (r *Result) directMessages(raw json.RawMessage, users map[string]user) error {
	var evs []dmEvent
	if err := decode(raw, &evs); err != nil {
		return err
	}
	for _, e := range evs {
		typ := "direct_message_events." + e.Type
		mc := e.MessageCreate
		ign := func(reason string) {
			r.Ignored = append(r.Ignored, Ignored{Type: typ, ID: string(e.ID), Reason: reason})
		}
		switch {
		case e.Type != "message_create":
			ign("not a message")
		case e.ID == "":
			ign("message without an id")
		case mc.SenderID == "":
			ign("message without a sender")
		case string(mc.SenderID) == r.ForUserID:
			ign("sent by the account itself")
		default:
			sender := users[string(mc.SenderID)]
			handle := sender.ScreenName
			if handle == "" {
				handle = string(mc.SenderID)
			}
			text := mc.MessageData.Text
			if a := mc.MessageData.Attachment; a != nil {
				if text != "" {
					text += "\n"
				}
				text += "[attachment: " + cmpOr(a.Type, "file") + "]"
			}
			r.Interactions = append(r.Interactions, triage.Interaction{
				ID:      string(e.ID),
				Kind:    triage.DirectMessage,
				Channel: triage.ChannelX,
				From:    triage.Sender{Name: clean(sender.Name), Platform: "x", Handle: clean(handle)},
				To:      cmpOr(string(mc.Target.RecipientID), r.ForUserID),
				Text:    clean(text),
				At:      e.CreatedTimestamp.t,
			})
		}
	}
	return nil
}

type tweet struct {
	ID                 flexID `json:"id"`
	IDStr              string `json:"id_str"`
	CreatedAt          string `json:"created_at"`
	TimestampMS        millis `json:"timestamp_ms"`
	Text               string `json:"text"`
	FullText           string `json:"full_text"`
	InReplyToUserIDStr string `json:"in_reply_to_user_id_str"`
	User               user   `json:"user"`
	ExtendedTweet      *struct {
		FullText string `json:"full_text"`
	} `json:"extended_tweet"`
	Entities struct {
		UserMentions []user `json:"user_mentions"`
	} `json:"entities"`
	RetweetedStatus *json.RawMessage `json:"retweeted_status"`
	QuotedStatus    *struct {
		User user `json:"user"`
	} `json:"quoted_status"`
}

func (t tweet) id() string {
	if t.IDStr != "" {
		return t.IDStr
	}
	return string(t.ID)
}

func (t tweet) text() string {
	switch {
	case t.ExtendedTweet != nil && t.ExtendedTweet.FullText != "":
		return t.ExtendedTweet.FullText
	case t.FullText != "":
		return t.FullText
	}
	return t.Text
}

// about reports whether the post speaks to the account: a mention, a
// reply or a quote of one of its posts.
func (t tweet) about(account string) bool {
	if t.InReplyToUserIDStr == account {
		return true
	}
	if t.QuotedStatus != nil && t.QuotedStatus.User.id() == account {
		return true
	}
	for _, m := range t.Entities.UserMentions {
		if m.id() == account {
			return true
		}
	}
	return false
}

func (r *Result) tweets(raw json.RawMessage) error {
	var evs []tweet
	if err := decode(raw, &evs); err != nil {
		return err
	}
	for _, t := range evs {
		ign := func(reason string) {
			r.Ignored = append(r.Ignored, Ignored{Type: "tweet_create_events", ID: t.id(), Reason: reason})
		}
		switch {
		case t.id() == "":
			ign("post without an id")
		case t.User.id() == r.ForUserID:
			ign("posted by the account itself")
		case t.RetweetedStatus != nil:
			ign("a repost carries no message of its own")
		case !t.about(r.ForUserID):
			ign("does not mention, reply to or quote the account")
		case t.User.ScreenName == "" && t.User.id() == "":
			ign("post without an author")
		default:
			at := t.TimestampMS.t
			if at.IsZero() {
				if p, err := time.Parse(time.RubyDate, t.CreatedAt); err == nil {
					at = p.UTC()
				}
			}
			r.Interactions = append(r.Interactions, triage.Interaction{
				ID:      t.id(),
				Kind:    triage.PublicComment,
				Channel: triage.ChannelX,
				From:    triage.Sender{Name: clean(t.User.Name), Platform: "x", Handle: clean(cmpOr(t.User.ScreenName, t.User.id()))},
				To:      r.ForUserID,
				Text:    clean(t.text()),
				At:      at,
			})
		}
	}
	return nil
}

func decode(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// jsonMessage says what was wrong with a body without echoing it.
func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("%s should be %s, not %s", te.Field, te.Type, te.Value)
	}
	return "invalid JSON"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// millis is a Unix time in milliseconds, sent as a string or a number. An
// unreadable value is left zero rather than failing the delivery.
type millis struct{ t time.Time }

func (m *millis) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && n > 0 && n < 1e15 {
		m.t = time.UnixMilli(n).UTC()
	}
	return nil
}

// flexID is an identifier sent as a string or a number; clean makes text valid UTF-8.
type flexID = wire.ID

func clean(s string) string { return wire.Clean(s) }
