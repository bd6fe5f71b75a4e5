package meta

import (
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

// Result is what one webhook delivery holds: the interactions to triage, in
// delivery order, and the events deliberately left out, each with why.
type Result struct {
	Object       string               `json:"object"` // "page" or "instagram"
	Interactions []triage.Interaction `json:"interactions"`
	Ignored      []Ignored            `json:"ignored"`
}

// Ignored is an event that is not an interaction (a delivery receipt, an
// echo of the page's own message, a like…), or one of a kind not handled.
type Ignored struct {
	Type   string `json:"type"` // e.g. "messaging.read", "feed.reaction", "comments.edited"
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// Parse reads a webhook body. Messages to a page or an Instagram account
// become direct_message interactions (ID = the message id, From.Handle =
// the sender's page- or Instagram-scoped id); Page feed comments and wall
// posts by others and Instagram comments become public_comment (ID = the
// comment or post id). Everything else is returned in Ignored. A body that
// is not a webhook payload is an error; an object other than page or
// instagram is ignored, not an error, so the caller can still acknowledge it.
func Parse(body []byte) (Result, error) {
	if !trimmedJSON(body) {
		return Result{}, framekeeper.Invalid("body", "The webhook body is not a JSON object.")
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return Result{}, framekeeper.Invalid("body", "The webhook body is not a Meta webhook payload: %s.", jsonMessage(err))
	}
	if p.Object == "" {
		return Result{}, framekeeper.Invalid("object", "The webhook body has no \"object\".")
	}
	r := Result{Object: p.Object, Interactions: []triage.Interaction{}, Ignored: []Ignored{}}
	var channel triage.Channel
	switch p.Object {
	case "page":
		channel = triage.ChannelFacebook
	case "instagram":
		channel = triage.ChannelInstagram
	default:
		r.Ignored = append(r.Ignored, Ignored{Type: "object." + p.Object, Reason: "not a Page or Instagram webhook"})
		return r, nil
	}
	for _, e := range p.Entry {
		for _, m := range e.Messaging {
			r.messaging(channel, e, m)
		}
		for _, m := range e.Standby {
			r.Ignored = append(r.Ignored, Ignored{Type: "standby", ID: messageID(m), Reason: "another app owns this conversation (handover protocol)"})
		}
		for _, c := range e.Changes {
			r.change(channel, e, c)
		}
	}
	return r, nil
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

type payload struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID        id                           `json:"id"`
	Time      stamp                        `json:"time"`
	Messaging []map[string]json.RawMessage `json:"messaging"`
	Standby   []map[string]json.RawMessage `json:"standby"`
	Changes   []change                     `json:"changes"`
}

type change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type message struct {
	Mid           string       `json:"mid"`
	Text          string       `json:"text"`
	IsEcho        bool         `json:"is_echo"`
	IsDeleted     bool         `json:"is_deleted"`
	IsUnsupported bool         `json:"is_unsupported"`
	Attachments   []attachment `json:"attachments"`
}

type attachment struct {
	Type string `json:"type"`
}

type party struct {
	ID       id     `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// messaging turns one messaging event into an interaction or an ignored
// event.
func (r *Result) messaging(channel triage.Channel, e entry, m map[string]json.RawMessage) {
	var sender, recipient party
	var ts stamp
	decodeInto(m["sender"], &sender)
	decodeInto(m["recipient"], &recipient)
	decodeInto(m["timestamp"], &ts)
	raw, ok := m["message"]
	if !ok {
		r.Ignored = append(r.Ignored, Ignored{Type: "messaging." + eventName(m), ID: messageID(m), Reason: nonMessageReason(eventName(m))})
		return
	}
	var msg message
	if err := json.Unmarshal(raw, &msg); err != nil {
		r.Ignored = append(r.Ignored, Ignored{Type: "messaging.message", Reason: "message is not an object: " + jsonMessage(err)})
		return
	}
	ign := func(reason string) {
		r.Ignored = append(r.Ignored, Ignored{Type: "messaging.message", ID: msg.Mid, Reason: reason})
	}
	switch {
	case msg.IsEcho || (sender.ID != "" && sender.ID == e.ID):
		ign("echo of a message the account sent")
	case msg.IsDeleted:
		ign("the sender deleted the message")
	case msg.Mid == "":
		ign("message without a message id (mid)")
	case sender.ID == "":
		ign("message without a sender id")
	default:
		text := msg.Text
		if note := attachmentNote(msg); note != "" {
			if text != "" {
				text += "\n"
			}
			text += note
		}
		at := ts.Time()
		if at.IsZero() {
			at = e.Time.Time()
		}
		r.Interactions = append(r.Interactions, triage.Interaction{
			ID:      msg.Mid,
			Kind:    triage.DirectMessage,
			Channel: channel,
			From:    triage.Sender{Platform: string(channel), Handle: string(sender.ID)},
			To:      string(recipient.ID),
			Text:    clean(text),
			At:      at,
		})
	}
}

// attachmentNote says what the message carried besides text, since
// attachments are not fetched here.
func attachmentNote(m message) string {
	if m.IsUnsupported {
		return "[a message type the platform does not pass on]"
	}
	if len(m.Attachments) == 0 {
		return ""
	}
	var types []string
	for _, a := range m.Attachments {
		t := a.Type
		if t == "" {
			t = "file"
		}
		types = append(types, t)
	}
	return "[attachment: " + strings.Join(types, ", ") + "]"
}

// eventName names a messaging event that is not a message by its payload
// key (delivery, read, reaction, postback…), in a stable way.
func eventName(m map[string]json.RawMessage) string {
	var keys []string
	for k := range m {
		switch k {
		case "sender", "recipient", "timestamp":
		default:
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "empty"
	}
	sort.Strings(keys)
	return keys[0]
}

func nonMessageReason(name string) string {
	switch name {
	case "delivery":
		return "delivery receipt"
	case "read":
		return "read receipt"
	case "reaction":
		return "reaction to a message"
	case "postback":
		return "button press"
	case "referral", "optin":
		return "entry-point notification without text"
	case "message_edit":
		return "edit of an earlier message"
	}
	return "not a message"
}

// messageID finds the message id an ignored event is about, when it has one.
func messageID(m map[string]json.RawMessage) string {
	for _, k := range []string{"message", "reaction", "message_edit", "postback", "read"} {
		var v struct {
			Mid string `json:"mid"`
		}
		if raw, ok := m[k]; ok && json.Unmarshal(raw, &v) == nil && v.Mid != "" {
			return v.Mid
		}
	}
	return ""
}

type feedValue struct {
	Item        string `json:"item"`
	Verb        string `json:"verb"`
	CommentID   id     `json:"comment_id"`
	PostID      id     `json:"post_id"`
	Message     string `json:"message"`
	From        party  `json:"from"`
	CreatedTime stamp  `json:"created_time"`
}

type igComment struct {
	ID    id     `json:"id"`
	Text  string `json:"text"`
	From  party  `json:"from"`
	Media struct {
		ID id `json:"id"`
	} `json:"media"`
	ParentID id `json:"parent_id"`
}

// change turns one entry change (Page feed, Instagram comments…) into an
// interaction or an ignored event.
func (r *Result) change(channel triage.Channel, e entry, c change) {
	ign := func(typ, id, reason string) {
		r.Ignored = append(r.Ignored, Ignored{Type: typ, ID: id, Reason: reason})
	}
	switch {
	case channel == triage.ChannelFacebook && c.Field == "feed":
		var v feedValue
		if err := json.Unmarshal(c.Value, &v); err != nil {
			ign("feed", "", "value is not a feed change: "+jsonMessage(err))
			return
		}
		r.feed(e, v)
	case channel == triage.ChannelInstagram && (c.Field == "comments" || c.Field == "live_comments"):
		var v igComment
		if err := json.Unmarshal(c.Value, &v); err != nil {
			ign(c.Field, "", "value is not a comment: "+jsonMessage(err))
			return
		}
		switch {
		case v.ID == "":
			ign(c.Field, "", "comment without an id")
		case v.From.ID != "" && v.From.ID == e.ID:
			ign(c.Field, string(v.ID), "comment by the account itself")
		case v.From.ID == "" && v.From.Username == "":
			ign(c.Field, string(v.ID), "comment without an author")
		default:
			// The username is what people know an Instagram account by and
			// what a roster records; the scoped id is used only without it.
			handle := v.From.Username
			if handle == "" {
				handle = string(v.From.ID)
			}
			r.Interactions = append(r.Interactions, triage.Interaction{
				ID:      string(v.ID),
				Kind:    triage.PublicComment,
				Channel: triage.ChannelInstagram,
				From:    triage.Sender{Platform: "instagram", Handle: handle},
				To:      string(e.ID),
				Text:    clean(v.Text),
				At:      e.Time.Time(),
			})
		}
	case c.Field == "messages":
		// The dashboard's "Test" button and some Instagram subscriptions
		// deliver a messaging event as a change.
		var m map[string]json.RawMessage
		if err := json.Unmarshal(c.Value, &m); err != nil {
			ign("messages", "", "value is not a messaging event: "+jsonMessage(err))
			return
		}
		r.messaging(channel, e, m)
	case c.Field == "mentions":
		ign("mentions", "", "a mention carries no text; look it up in the app")
	case c.Field == "":
		ign("change", "", "change without a field")
	default:
		ign(c.Field, "", "field not handled")
	}
}

// feed handles one Page feed change: comments and visitor posts are
// public comments; reactions, edits, removals and the page's own activity
// are ignored.
func (r *Result) feed(e entry, v feedValue) {
	typ := "feed." + v.Item
	var key id
	switch v.Item {
	case "comment":
		key = v.CommentID
	case "post", "status", "photo", "video", "share":
		key = v.PostID
	default:
		r.Ignored = append(r.Ignored, Ignored{Type: typ, ID: string(firstID(v.CommentID, v.PostID)), Reason: feedReason(v.Item)})
		return
	}
	ign := func(reason string) {
		r.Ignored = append(r.Ignored, Ignored{Type: typ, ID: string(key), Reason: reason})
	}
	switch {
	case v.Verb != "add":
		ign("verb " + strconv.Quote(v.Verb) + " is not a new comment or post")
	case key == "":
		ign("no comment or post id")
	case v.From.ID != "" && v.From.ID == e.ID:
		ign("posted by the page itself")
	case v.From.ID == "" && v.From.Name == "":
		ign("no author")
	default:
		at := v.CreatedTime.Time()
		if at.IsZero() {
			at = e.Time.Time()
		}
		r.Interactions = append(r.Interactions, triage.Interaction{
			ID:      string(key),
			Kind:    triage.PublicComment,
			Channel: triage.ChannelFacebook,
			From:    triage.Sender{Name: v.From.Name, Platform: "facebook", Handle: string(v.From.ID)},
			To:      string(e.ID),
			Text:    clean(v.Message),
			At:      at,
		})
	}
}

func feedReason(item string) string {
	switch item {
	case "reaction", "like":
		return "a reaction carries no message"
	case "":
		return "feed change without an item"
	}
	return "feed item not handled"
}

func firstID(ids ...id) id {
	for _, i := range ids {
		if i != "" {
			return i
		}
	}
	return ""
}

// decodeInto decodes what it can; a missing or odd field stays zero and is
// caught by the checks that need it.
func decodeInto(raw json.RawMessage, v any) {
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, v)
	}
}

// stamp is a time Meta sends as Unix milliseconds (messaging, entry time),
// Unix seconds (feed created_time) or, in some fields, an ISO 8601 string.
type stamp struct{ t time.Time }

func (s stamp) Time() time.Time { return s.t }

func (s *stamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var str string
	if json.Unmarshal(b, &str) == nil {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-0700"} {
			if t, err := time.Parse(layout, str); err == nil {
				s.t = t.UTC()
				return nil
			}
		}
		if n, err := strconv.ParseInt(str, 10, 64); err == nil {
			s.t = unix(n)
		}
		return nil // an unreadable time is left zero, not a failed payload
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	if v, err := n.Int64(); err == nil {
		s.t = unix(v)
	} else if f, err := n.Float64(); err == nil && f > 0 && f < 1e15 {
		s.t = unix(int64(f))
	}
	return nil
}

// unix reads seconds or milliseconds, telling them apart by size: Unix
// seconds pass 1e12 only in the year 33658.
func unix(n int64) time.Time {
	switch {
	case n <= 0 || n >= 1e15:
		return time.Time{}
	case n >= 1e12:
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}

// id is an identifier sent as a string or a number; clean makes text valid UTF-8.
type id = wire.ID

func clean(s string) string { return wire.Clean(s) }
