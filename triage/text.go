package triage

import (
	"strconv"
	"strings"

	"github.com/framekeeper/framekeeper/policy"
)

// What the chart note and the agenda item call an interaction: a noun, the
// verb of how the practice came to know of it, and where.
func noun(k Kind) string {
	switch k {
	case FriendRequest:
		return "friend request"
	case Follow:
		return "follow"
	case PageLike:
		return "like of the practice's page"
	case DirectMessage:
		return "direct message"
	case PublicComment:
		return "public comment"
	case SMS:
		return "text message"
	case Email:
		return "email"
	case Review:
		return "review"
	case Checkin:
		return "check-in at the practice"
	case AccidentalConnection:
		return "existing connection"
	case IncidentalEncounter:
		return "chance encounter online"
	case SearchRequest:
		return "request to search online"
	}
	return "interaction"
}

func verb(k Kind) string {
	switch k {
	case AccidentalConnection:
		return "found"
	case IncidentalEncounter:
		return "noted"
	case SearchRequest:
		return "made"
	}
	return "received"
}

// where names the channel unless the noun already does. A search request
// has no channel worth naming: the therapist asked for it.
func where(k Kind, ch Channel) string {
	if k == SearchRequest {
		return ""
	}
	switch ch {
	case ChannelFacebook:
		return " on Facebook"
	case ChannelInstagram:
		return " on Instagram"
	case ChannelX:
		return " on X"
	case ChannelLinkedIn:
		return " on LinkedIn"
	case ChannelReviewSite:
		return " on a review site"
	case ChannelInPerson:
		return " in person"
	case ChannelEmail:
		if k != Email {
			return " by email"
		}
	case ChannelSMS:
		if k != SMS {
			return " by text message"
		}
	}
	return ""
}

func when(f facts, year bool) string {
	at := f.in.Interaction.At
	if at.IsZero() {
		return ""
	}
	if year {
		return " on " + at.Format("2 January 2006")
	}
	return " on " + at.Format("2 January")
}

func who(f facts) string {
	var s string
	switch f.rel {
	case Current:
		s = "the client"
	case Former:
		s = "the former client"
	case Prospective:
		s = "the prospective client"
	case Relative:
		s = "a friend or relative of the client"
	default:
		return "an unrecognised sender"
	}
	if f.fuzzy {
		return s + " (matched by name only, to be confirmed)"
	}
	return s + " (recognised by a known identifier)"
}

// actionPhrase says what an action means, for the chart note.
func actionPhrase(a Action, k Kind) string {
	switch {
	case k == SearchRequest && a == ActAllow:
		return "search allowed"
	case k == Follow && a == ActAllow:
		return "may be followed back"
	}
	return actionPhrases[a]
}

var actionPhrases = map[Action]string{
	ActDecline:              "request declined",
	ActIgnore:               "left unanswered",
	ActRemoveConnection:     "connection removed",
	ActDoNotFollowBack:      "not followed back",
	ActNoReply:              "not answered",
	ActReply:                "standard response sent",
	ActDoNotRespond:         "no public response",
	ActDocument:             "documented",
	ActAgenda:               "added to the next session's agenda",
	ActEscalate:             "escalated: a person alerted now",
	ActAllow:                "allowed; staff handle it",
	ActDeny:                 "refused",
	ActRequireDocumentation: "the search must be documented",
}

// pendingPhrase says what waits for a fuzzy match to be confirmed.
var pendingPhrase = map[Action]string{
	ActDecline:          "decline the request",
	ActRemoveConnection: "remove the connection",
	ActReply:            "send the standard response",
}

// chartNote is a factual note of the interaction and the decision. The
// message text is included only when the policy says online interactions are
// documented.
func chartNote(f facts, p plan, d Decision, rec policy.Stance) string {
	var b strings.Builder
	k, ch := f.kind, f.in.Interaction.Channel
	b.WriteString(capitalize(noun(k)) + " " + verb(k) + where(k, ch) + when(f, true))
	switch k {
	case AccidentalConnection:
		b.WriteString(", with ")
	case IncidentalEncounter:
		b.WriteString(", involving ")
	case SearchRequest:
		b.WriteString(", about ")
	default:
		b.WriteString(", from ")
	}
	b.WriteString(who(f) + ".")

	var did []string
	for _, a := range d.Actions {
		if a == ActDocument {
			continue
		}
		s := actionPhrase(a, k)
		if a == ActReply && d.Crisis.Detected && canReply(k, ch) {
			s = "crisis resources sent in reply"
		}
		did = append(did, s)
	}
	if len(did) > 0 {
		b.WriteString(" Decision: " + strings.Join(did, "; ") + ".")
	}
	if len(d.Pending) > 0 {
		var w []string
		for _, a := range d.Pending {
			w = append(w, pendingPhrase[a])
		}
		b.WriteString(" Once a person confirms the sender: " + strings.Join(w, "; ") + ".")
	}
	b.WriteString(" Policy version " + strconv.Itoa(f.in.Version))
	for _, c := range p.clauses {
		b.WriteString(", " + string(c) + ": " + string(f.stance(c)))
	}
	b.WriteString(".")
	if d.Crisis.Detected {
		b.WriteString(" Crisis signals: " + strings.Join(crisisRules(f), ", ") + ".")
	}
	if text := strings.TrimSpace(f.in.Interaction.Text); text != "" {
		label := " Message: "
		if k == SearchRequest {
			label = " Grounds: "
		}
		if rec == stDocumented {
			b.WriteString(label + strconv.Quote(text))
		} else {
			b.WriteString(" The message text is not copied here (records: " + string(rec) + ").")
		}
	}
	return b.String()
}

// crisisRules names the crisis rules that matched, without the phrases, so a
// note that must not copy the message does not copy parts of it.
func crisisRules(f facts) []string {
	var out []string
	for _, s := range f.in.Signals.Signals {
		if s.Label == "crisis" && !contains(out, s.Rule) {
			out = append(out, s.Rule)
		}
	}
	if len(out) == 0 {
		out = append(out, "crisis")
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// agendaItem is a short, neutral item for the next session: what happened
// and what to talk about, never what the message said.
func agendaItem(f facts, p plan) string {
	k, ch := f.kind, f.in.Interaction.Channel
	what := "the " + noun(k) + " " + verb(k) + where(k, ch) + when(f, false)
	var s string
	switch {
	case k == SearchRequest:
		s = "Discuss the online search allowed" + when(f, false) + " and " + topicSearch + "."
	case f.crisis:
		s = "Follow up on " + what + ", which was escalated as a possible crisis."
	case p.topic != "":
		s = "Discuss " + what + " and " + p.topic + "."
	default:
		s = "Discuss " + what + "."
	}
	if f.fuzzy {
		s += " (The sender was matched by name only: confirm it was the client before raising it.)"
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
