package triage

import (
	"slices"
	"strings"

	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/policy"
)

// Input is everything a decision depends on. Decide reads nothing else: no
// clock, no storage, no network, so the same input always gives the same
// decision and a decision can be replayed against the policy version that
// was in force.
type Input struct {
	Interaction Interaction
	// Sender is who resolution found the sender to be.
	Sender SenderResult
	// Signals is detect.Default().Classify(Interaction.Text), computed once by
	// the caller. Decide reads the crisis from it for every interaction with
	// text, whatever the channel and whatever the clause says.
	Signals detect.Result

	// The policy in force: its version number, stances and profile. Missing
	// or unknown stances count as unspecified.
	Version int
	Stances policy.Stances
	Profile policy.Profile

	// Templates are the practice's standard responses; empty ones fall back
	// to DefaultTemplates.
	Templates Templates
	// RedirectReplies: the practice sends a redirect reply on channels it
	// does not use, instead of leaving the message unanswered.
	RedirectReplies bool

	// The sender's consents on file. TextingConsent: agreed to texting (every
	// use of texts needs it). EmailConsent: agreed to therapy content by email
	// (matters under email: allowed). SearchConsent: agreed to an online search
	// (search_engines: with_consent_or_crisis).
	TextingConsent bool
	EmailConsent   bool
	SearchConsent  bool
}

// Stance values the rules test, beyond policy.Unspecified.
const (
	stNotUsed        policy.Stance = "not_used"
	stAllowed        policy.Stance = "allowed"
	stAdminOnly      policy.Stance = "administrative_only"
	stNotDocumented  policy.Stance = "not_documented"
	stDocumented     policy.Stance = "documented"
	stDecline        policy.Stance = "decline"
	stIgnore         policy.Stance = "ignore"
	stAccept         policy.Stance = "accept"
	stRemove         policy.Stance = "remove"
	stKeep           policy.Stance = "keep"
	stNotAccepted    policy.Stance = "not_accepted"
	stNoPage         policy.Stance = "no_page"
	stNever          policy.Stance = "never"
	stDiscouraged    policy.Stance = "discouraged"
	stCrisisOnly     policy.Stance = "crisis_only"
	stConsentOrCrisi policy.Stance = "with_consent_or_crisis"
	stNoResponse     policy.Stance = "no_response"
	stMayRespond     policy.Stance = "may_respond"
	stDiscuss        policy.Stance = "discuss_in_session"
	stNoAction       policy.Stance = "no_action"
)

// facts are what the rules need to know about an input, worked out once.
type facts struct {
	in       *Input
	kind     Kind
	rel      Relationship // Unknown unless the sender was recognised
	client   bool         // current, former or prospective client, recognised
	relative bool         // a client's friend or relative, recognised
	known    bool         // client or relative
	chart    bool         // there is a client record to write to
	fuzzy    bool         // recognised by name only: outward steps wait for a person
	crisis   bool
	clinical bool
	admin    bool
}

func newFacts(in *Input) facts {
	f := facts{in: in, kind: in.Interaction.Kind}
	r := in.Sender.Relationship
	if m := in.Sender.Match; m != MatchExact && m != MatchFuzzy {
		// No match means nobody was recognised, whatever else the result says.
		r = Unknown
	}
	switch r {
	case Current, Former, Prospective:
		f.client = true
	case Relative:
		f.relative = true
	default:
		r = Unknown
	}
	f.rel = r
	f.known = f.client || f.relative
	f.chart = f.known && strings.TrimSpace(in.Sender.ClientID) != ""
	// Any name-only match holds outward steps, even one that found no relationship.
	f.fuzzy = in.Sender.Match == MatchFuzzy
	if strings.TrimSpace(in.Interaction.Text) != "" {
		f.crisis = in.Signals.Crisis
		f.clinical = in.Signals.Clinical
		f.admin = in.Signals.Administrative
	}
	return f
}

// stance returns the stance of c, unspecified when absent or not one of c's.
func (f facts) stance(c policy.Clause) policy.Stance {
	s := f.in.Stances.Get(c)
	if !policy.ValidStance(c, s) {
		return policy.Unspecified
	}
	return s
}

func (f facts) audience() Audience {
	if f.client {
		return AudienceClient
	}
	return AudienceOther
}

// plan is what a kind's rule asks for, before the overlays every decision
// gets (records, crisis, fuzzy match, unknown sender).
type plan struct {
	clauses []policy.Clause
	acts    []Action
	resp    Response // the standard response, when acts has reply
	why     []string
	doc     bool   // a routine chart note (if there is a chart and records allow)
	agenda  bool   // an item for the next session (if there is a chart)
	topic   string // what the agenda item is about, after the interaction
}

func (p *plan) add(a ...Action) { p.acts = append(p.acts, a...) }

func (p *plan) reply(r Response) {
	p.add(ActReply)
	p.resp = r
}

// explain names a clause and its stance and says what it means here; the
// clause joins the decision's justification.
func (p *plan) explain(c policy.Clause, s policy.Stance, text string) {
	if !slices.Contains(p.clauses, c) {
		p.clauses = append(p.clauses, c)
	}
	p.why = append(p.why, string(c)+": "+string(s)+" — "+text)
}

func (p *plan) note(text string) { p.why = append(p.why, text) }

// outward actions change something the sender or the public can see; on a
// fuzzy match they wait for a person (Decision.Pending).
var outward = []Action{ActDecline, ActRemoveConnection, ActReply}

// actionOrder is the contract's order, used for every list of actions.
var actionOrder = []Action{ActDecline, ActIgnore, ActRemoveConnection, ActDoNotFollowBack, ActNoReply, ActReply,
	ActDoNotRespond, ActDocument, ActAgenda, ActEscalate, ActAllow, ActDeny, ActRequireDocumentation}

// Decide turns one interaction into a decision under the policy in force.
// It is a pure function of its input. EventID is left empty for the caller.
func Decide(in Input) Decision {
	f := newFacts(&in)
	p := rules(f)

	acts := map[Action]bool{}
	for _, a := range p.acts {
		acts[a] = true
	}

	// A reply goes back by the channel the interaction came by; some cannot
	// carry one.
	if acts[ActReply] && !canReply(f.kind, in.Interaction.Channel) {
		delete(acts, ActReply)
		acts[ActNoReply] = true
		p.note("The " + string(in.Interaction.Channel) + " channel cannot carry a reply, so none is sent.")
	}

	// Records: a chart note needs a client record, and the records clause.
	rec := f.stance(policy.Records)
	if p.doc || p.agenda || f.crisis {
		switch {
		case !f.known:
			p.note("The sender is not recognised as a client or a client's relative: nothing goes to a chart, and any reply is one that suits anyone.")
		case !f.chart:
			p.note("No client record is linked to the sender, so nothing goes to a chart.")
		}
	}
	if f.chart && (p.doc || f.crisis) {
		switch {
		case f.crisis && rec == stNotDocumented:
			acts[ActDocument] = true
			p.explain(policy.Records, rec, "online interactions are not routinely documented, but a crisis always is.")
		case rec == stNotDocumented:
			p.explain(policy.Records, rec, "online interactions are not documented, so no chart note is written.")
		case rec == stDocumented:
			acts[ActDocument] = true
			p.explain(policy.Records, rec, "online interactions go in the client's record, with any message text.")
		default:
			acts[ActDocument] = true
			p.explain(policy.Records, rec, "the policy is silent on records; the interaction is noted in the client's record without the message text.")
		}
	}
	if f.chart && (p.agenda || f.crisis) {
		acts[ActAgenda] = true
	}

	// Crisis: a person is alerted now, whatever the clause; the sender gets
	// the crisis resources by the channel they used, the same text for
	// everyone, so it reveals nothing. A policy can silence a reply, never an
	// alert.
	crisisReply := false
	if f.crisis {
		acts[ActEscalate] = true
		if canReply(f.kind, in.Interaction.Channel) {
			delete(acts, ActNoReply)
			acts[ActReply] = true
			crisisReply = true
			p.note("Crisis signals found: a person is alerted now, and the crisis resources are sent in reply, whatever the channel's stance.")
		} else {
			p.note("Crisis signals found: a person is alerted now. " + noReplyWhy(f.kind) + "")
		}
	}

	// A name-only match may be the wrong person: nothing outward happens
	// until someone confirms it. The crisis reply is the same for everyone,
	// so it need not wait.
	var pending []Action
	if f.fuzzy {
		for _, a := range outward {
			if acts[a] && !(a == ActReply && crisisReply) {
				delete(acts, a)
				pending = append(pending, a)
			}
		}
		if len(pending) > 0 {
			p.note("The sender was matched by name only: " + waiting(pending) + " for a person to confirm who sent this.")
		}
	}

	d := Decision{
		Sender:  in.Sender,
		Actions: ordered(acts),
		Pending: pending,
		Crisis:  Crisis{Detected: f.crisis, Signals: crisisSignals(f, in.Signals)},
		Content: Content{Clinical: f.clinical, Administrative: f.admin},
		Policy:  PolicyRef{Version: in.Version, Clauses: p.clauses},
	}
	if len(d.Actions) == 0 && len(pending) == 0 {
		d.Actions = []Action{ActIgnore}
	}
	if acts[ActReply] {
		text := ""
		if crisisReply {
			text = crisisReplyText(in.Templates, in.Profile)
		} else {
			text = Render(in.Templates.Text(p.resp, f.audience()), in.Profile)
		}
		d.Reply = &Reply{Channel: in.Interaction.Channel, Text: text}
	}
	if acts[ActDocument] {
		n := chartNote(f, p, d, rec)
		d.ChartNote = &n
	}
	if acts[ActAgenda] {
		a := agendaItem(f, p)
		d.AgendaItem = &a
	}
	d.Explanation = strings.Join(p.why, " ")
	return d
}

// crisisReplyText renders the crisis template and makes sure the crisis
// resources are in it even if the practice's template dropped them.
func crisisReplyText(t Templates, pr policy.Profile) string {
	text := Render(t.CrisisText(), pr)
	res := Render(PhCrisis, pr)
	if !strings.Contains(text, res) {
		text = res + " " + text
	}
	return text
}

// canReply: only a message or a request sent to the practice can be
// answered, and only privately on the channel it came by. Reviews, public
// comments, check-ins and what the therapist found themselves never get one.
func canReply(k Kind, ch Channel) bool {
	switch k {
	case FriendRequest, DirectMessage, SMS, Email:
	default:
		return false
	}
	return ch.Valid() && ch != ChannelInPerson && ch != ChannelReviewSite
}

func noReplyWhy(k Kind) string {
	switch k {
	case Review, PublicComment, Checkin:
		return "Nothing is answered in public; the person alerted decides how to reach out."
	case AccidentalConnection, IncidentalEncounter, SearchRequest:
		return "The sender did not write to the practice, so the person alerted decides how to reach out."
	}
	return "This channel cannot carry a reply; the person alerted decides how to reach out."
}

func ordered(set map[Action]bool) []Action {
	out := []Action{}
	for _, a := range actionOrder {
		if set[a] {
			out = append(out, a)
		}
	}
	return out
}

// waiting says which held-back steps wait: "the decline and the reply wait".
func waiting(as []Action) string {
	s := make([]string, len(as))
	for i, a := range as {
		switch a {
		case ActDecline:
			s[i] = "the decline"
		case ActRemoveConnection:
			s[i] = "the removal"
		default:
			s[i] = "the " + string(a)
		}
	}
	if len(s) == 1 {
		return s[0] + " waits"
	}
	return strings.Join(s, " and ") + " wait"
}

// crisisSignals lists the crisis evidence in its short form, never nil.
func crisisSignals(f facts, r detect.Result) []string {
	out := []string{}
	if !f.crisis {
		return out
	}
	var sigs []detect.Signal
	for _, s := range r.Signals {
		if s.Label == detect.LabelCrisis {
			sigs = append(sigs, s)
		}
	}
	return append(out, detect.Strings(sigs)...)
}
