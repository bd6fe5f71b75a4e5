package governance

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/triage"
)

// SearchInput is a therapist's request to search for a client online
// (POST /api/v1/search-requests).
type SearchInput struct {
	ClientID string `json:"client_id"`
	// Grounds are the therapist's reasons, in their own words: why they
	// suspect the client is in danger and how they tried to reach them.
	Grounds string `json:"grounds"`
	// ContactAttempts optionally says apart how the usual means were tried
	// (appointments, phone, email); the grounds may say it instead.
	ContactAttempts string `json:"contact_attempts,omitempty"`
	// Scope names what will be searched: the client, someone close to
	// them, their recent status updates (seed 002).
	Scope string `json:"scope"`
}

// Search request statuses.
const (
	StatusDenied           = "denied"            // the policy refuses it
	StatusAwaitingApproval = "awaiting_approval" // allowed, waiting for a supervisor
	StatusApproved         = "approved"          // may go ahead; the outcome is to be recorded
	StatusDeclined         = "declined"          // a supervisor said no
	StatusSearched         = "searched"          // the outcome is on record
)

// SearchRequest is a request as kept, with its decision and follow-up.
type SearchRequest struct {
	ID              string `json:"id"`
	ClientID        string `json:"client_id"`
	ClientName      string `json:"client_name,omitempty"`
	RequestedBy     string `json:"requested_by"`
	RequestedByName string `json:"requested_by_name"`
	Grounds         string `json:"grounds"`
	ContactAttempts string `json:"contact_attempts,omitempty"`
	Scope           string `json:"scope"`
	// Decision is "allow" or "deny"; Actions are triage's (allow,
	// require_documentation, agenda… or deny).
	Decision      string          `json:"decision"`
	Actions       []triage.Action `json:"actions"`
	Explanation   string          `json:"explanation"`
	Stance        policy.Stance   `json:"stance"`
	PolicyVersion int             `json:"policy_version"`
	Crisis        bool            `json:"crisis_grounds"`
	Consent       bool            `json:"consent_on_file"`
	Status        string          `json:"status"`
	CreatedAt     time.Time       `json:"created_at"`
	// Approval, when the practice asks for it.
	NeedsApproval bool       `json:"needs_approval"`
	ApprovedBy    string     `json:"approved_by,omitempty"`
	ApprovedAt    *time.Time `json:"approved_at,omitempty"`
	ApprovalNote  string     `json:"approval_note,omitempty"`
	// The outcome, recorded after the search.
	Outcome *Outcome `json:"outcome,omitempty"`
	// Follow-up: the "discuss the search" agenda item.
	AgendaItemID string     `json:"agenda_item_id,omitempty"`
	DiscussBy    *time.Time `json:"discuss_by,omitempty"`
	DiscussedAt  *time.Time `json:"discussed_at,omitempty"`
	DiscussNote  string     `json:"discussion_note,omitempty"`
	Overdue      bool       `json:"overdue"`
}

// FollowUp says where the request stands, in words for the report.
func (r SearchRequest) FollowUp() string {
	switch {
	case r.Status == StatusDenied:
		return "Refused by the policy"
	case r.Status == StatusDeclined:
		return "Declined by a supervisor"
	case r.Status == StatusAwaitingApproval:
		return "Waiting for a supervisor"
	case r.DiscussedAt != nil:
		return "Discussed with the client"
	case r.Overdue:
		return "Discussion overdue"
	case r.AgendaItemID != "" && r.Outcome == nil:
		return "Search outcome and discussion to record"
	case r.AgendaItemID != "":
		return "To discuss at the next session"
	case r.Outcome == nil:
		return "Search outcome to record"
	}
	return "Documented"
}

// Outcome is what a search looked at and found: a summary in the
// therapist's words, never copies of the client's content.
type Outcome struct {
	LookedAt   string    `json:"looked_at"`
	Found      string    `json:"found"`
	EndedAt    time.Time `json:"ended_at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

// MaxSummary bounds what a search outcome says: a summary, not a copy.
const MaxSummary = 2000

// Validate checks an outcome against the request it ends.
func (o *Outcome) Validate(started, now time.Time) error {
	o.LookedAt, o.Found = strings.TrimSpace(o.LookedAt), strings.TrimSpace(o.Found)
	switch {
	case o.LookedAt == "":
		return framekeeper.Invalid("looked_at", "Say what you looked at (which sites, whose profiles).")
	case o.Found == "":
		return framekeeper.Invalid("found", "Summarise what you found, or say that you found nothing.")
	case !utf8.ValidString(o.LookedAt + o.Found):
		return framekeeper.Invalid("found", "The outcome is not valid UTF-8.")
	case len(o.LookedAt) > MaxSummary:
		return framekeeper.Invalid("looked_at", "Keep it under %d bytes.", MaxSummary)
	case len(o.Found) > MaxSummary:
		return framekeeper.Invalid("found", "Summarise in under %d bytes, in your own words: the chart keeps a summary, not copies of the client's content.", MaxSummary)
	case looksCopied(o.Found):
		return framekeeper.Invalid("found", "Summarise in your own words: the chart keeps a summary, not copies of the client's posts or messages.")
	}
	if o.EndedAt.IsZero() {
		o.EndedAt = now
	}
	if o.EndedAt.Before(started) {
		return framekeeper.Invalid("ended_at", "ended_at is before the request was made.")
	}
	if o.EndedAt.After(now.Add(5 * time.Minute)) {
		return framekeeper.Invalid("ended_at", "ended_at is in the future.")
	}
	return nil
}

// looksCopied spots a pasted post rather than a summary: several lines of
// quoted text, or a run of links.
func looksCopied(s string) bool {
	quoted := 0
	for _, line := range strings.Split(s, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, ">") || strings.HasPrefix(l, "\"") || strings.HasPrefix(l, "“") {
			quoted++
		}
	}
	return quoted >= 3 || strings.Count(s, "http://")+strings.Count(s, "https://") > 3
}

// SearchFilter selects requests for the report.
type SearchFilter struct {
	ClientID string
	Overdue  bool // only those whose discussion is overdue
	Limit    int
}

// Grounds is what the therapist's words show, for the two conditions of a
// crisis search (seeds 000 and 002): a specific reason to suspect danger,
// and that the client cannot be reached by the usual means.
type Grounds struct {
	Danger      []string // the phrases that show a reason to suspect danger
	Unreachable []string // the phrases that show the usual means failed
}

// Crisis reports whether the grounds show a crisis.
//
// A specific reason to suspect danger is what makes a crisis: seed 001 asks
// for nothing more, and a therapist who fears for a client now should not
// be turned away for leaving out how they tried to call. Failed contact is
// recorded when given, and the search is documented either way.
func (g Grounds) Crisis() bool { return len(g.Danger) > 0 }

// The phrase tables are written for a clinician's third-person account
// ("she said she had a plan", "he has not answered"), which the message
// detector (written for what clients send) rightly reads as news about
// someone else.
var (
	dangerRE      = regexp.MustCompile(`(?i)\b(?:suicid\w*|kill(?:ing)? (?:him|her|them)sel(?:f|ves)|end(?:ing)? (?:his|her|their) (?:own )?life|take (?:his|her|their) (?:own )?life|self[- ]harm\w*|hurt(?:ing)? (?:him|her|them)sel(?:f|ves)|harm(?:ing)? (?:him|her|them)sel(?:f|ves)|overdos\w*|in danger|danger(?:ous)?|unsafe|safety|at risk|risk of|threat\w*|violen\w*|abus\w*|assault\w*|weapons?|guns?|firearms?|goodbye|farewell|giving (?:his|her|their) (?:things|belongings|possessions) away|gave (?:his|her|their) (?:things|belongings|possessions) away|(?:a|the) plan to|relapse\w*|missing person|reported missing|welfare check|emergency|crisis|psychos\w*|hospitali[sz]\w*)\b`)
	unreachableRE = regexp.MustCompile(`(?i)\b(?:(?:can(?:not|'t|’t)|could(?: not|n't|n’t)|unable to|failed to|tried to|trying to) (?:reach|contact|get hold of|get in touch with)|unreachable|no answer|not answer\w*|(?:has|have|had|did)(?: not|n't|n’t) (?:answered|responded|replied|returned|called back|been in touch|come|shown up|heard)|(?:isn't|is not|wasn't|was not|not) (?:answering|responding|replying|picking up|returning)|no (?:response|reply|contact|word)|not responded|voice ?mail|missed (?:\w+ )?(?:appointments?|sessions?)|no[- ]show\w*|did(?: not|n't|n’t) (?:show|attend|come)|(?:phone|cell|number) (?:is )?(?:off|disconnected|dead)|out of (?:contact|touch)|lost (?:contact|touch)|haven't heard|have not heard|not heard from|not been in touch|went unanswered|bounced|undeliverable)\b`)
)

// ReadGrounds finds the two conditions in the therapist's words. The
// client-message detector adds to the danger side when it finds a crisis
// in them (a quoted goodbye message, say).
func ReadGrounds(grounds, contactAttempts string, det *detect.Detector) Grounds {
	var g Grounds
	for _, m := range dangerRE.FindAllString(grounds, 8) {
		g.Danger = append(g.Danger, strings.ToLower(m))
	}
	if det != nil && strings.TrimSpace(grounds) != "" {
		if r := det.Classify(grounds); r.Crisis {
			for _, sig := range r.Signals {
				g.Danger = append(g.Danger, sig.String())
			}
		}
	}
	for _, m := range unreachableRE.FindAllString(grounds+"\n"+contactAttempts, 8) {
		g.Unreachable = append(g.Unreachable, strings.ToLower(m))
	}
	if len(g.Unreachable) == 0 && len(strings.Fields(contactAttempts)) >= 3 {
		// A separate account of the attempts is itself the ground, in the
		// therapist's words.
		g.Unreachable = append(g.Unreachable, "contact attempts described")
	}
	return g
}

// EvalInput is everything besides the request that its decision needs.
type EvalInput struct {
	Version  int
	Stances  policy.Stances
	Profile  policy.Profile
	Client   triage.Relationship
	Consent  bool // a search consent in force
	Detector *detect.Detector
}

// Evaluation is the decision on a request and what it rests on.
type Evaluation struct {
	Decision triage.Decision
	Grounds  Grounds
	Stance   policy.Stance
}

// Allowed reports whether the search may go ahead (subject to approval).
func (e Evaluation) Allowed() bool { return e.Decision.Has(triage.ActAllow) }

// MaxGrounds bounds the grounds and scope.
const MaxGrounds = 4000

// Evaluate validates a request and decides it with triage's rule for
// search_request. It returns an unprocessable error, naming the field, when
// the policy in force requires grounds or a scope the request lacks; a
// request whose grounds show no crisis at all is decided (deny), so that it
// is on record.
func Evaluate(in *SearchInput, e EvalInput) (Evaluation, error) {
	in.ClientID = strings.TrimSpace(in.ClientID)
	in.Grounds = strings.TrimSpace(in.Grounds)
	in.ContactAttempts = strings.TrimSpace(in.ContactAttempts)
	in.Scope = strings.TrimSpace(in.Scope)
	switch {
	case in.ClientID == "":
		return Evaluation{}, framekeeper.Invalid("client_id", "client_id is required.")
	case !utf8.ValidString(in.Grounds + in.ContactAttempts + in.Scope):
		return Evaluation{}, framekeeper.Invalid("grounds", "The request is not valid UTF-8.")
	case len(in.Grounds) > MaxGrounds || len(in.ContactAttempts) > MaxGrounds:
		return Evaluation{}, framekeeper.Invalid("grounds", "Keep the grounds under %d bytes.", MaxGrounds)
	case len(in.Scope) > MaxGrounds:
		return Evaluation{}, framekeeper.Invalid("scope", "Keep the scope under %d bytes.", MaxGrounds)
	}
	stance := e.Stances.Get(policy.SearchEngines)
	if !policy.ValidStance(policy.SearchEngines, stance) {
		stance = policy.Unspecified
	}
	ev := Evaluation{Stance: stance, Grounds: ReadGrounds(in.Grounds, in.ContactAttempts, e.Detector)}
	consentPath := stance == "with_consent_or_crisis" && e.Consent
	if stance != "never" && !consentPath {
		if err := requireGrounds(in, ev.Grounds, stance); err != nil {
			return ev, err
		}
	}
	if stance != "never" && in.Scope == "" {
		return ev, unprocessable("scope", "Name what you will search: the client, someone close to them, or their recent status updates, and where.")
	}
	signals := detect.Result{Crisis: ev.Grounds.Crisis()}
	if signals.Crisis {
		signals.Signals = append(signalsOf("grounds.danger", ev.Grounds.Danger), signalsOf("grounds.unreachable", ev.Grounds.Unreachable)...)
	}
	text := in.Grounds
	if text == "" {
		text = "(no grounds given)"
	}
	ev.Decision = triage.Decide(triage.Input{
		Interaction: triage.Interaction{Kind: triage.SearchRequest, Channel: triage.ChannelOther, From: triage.Sender{Name: "the therapist"}, Text: text},
		Sender:      triage.SenderResult{ClientID: in.ClientID, Relationship: e.Client, Match: triage.MatchExact, Confidence: 1},
		Signals:     signals,
		Version:     e.Version, Stances: e.Stances, Profile: e.Profile,
		SearchConsent: e.Consent,
	})
	return ev, nil
}

// requireGrounds: in a crisis-only reading the grounds must name a reason
// to suspect danger. Empty grounds, or grounds that only say the client
// could not be reached, are incomplete (422, saying what is missing);
// grounds showing neither are a request the policy refuses, decided and
// kept on record.
func requireGrounds(in *SearchInput, g Grounds, stance policy.Stance) error {
	why := "The policy allows a search only in a crisis"
	if stance == "with_consent_or_crisis" {
		why = "No search consent is on file, so the policy allows a search only in a crisis"
	}
	switch {
	case in.Grounds == "":
		return unprocessable("grounds", "%s: give your grounds in your own words — the specific reason you suspect the client is in danger, and how you tried to reach them by the usual means (appointments, phone, email).", why)
	case len(g.Danger) == 0 && len(g.Unreachable) > 0:
		return unprocessable("grounds", "%s: name the specific reason you suspect the client is in danger; not being able to reach them is not enough on its own.", why)
	}
	return nil
}

func unprocessable(field, format string, args ...any) error {
	e := framekeeper.Invalid(field, format, args...)
	return e.WithCode(CodeUnprocessable)
}

func signalsOf(rule string, phrases []string) []detect.Signal {
	out := make([]detect.Signal, len(phrases))
	for i, p := range phrases {
		out[i] = detect.Signal{Label: "crisis", Rule: rule, Phrase: p}
	}
	return out
}

// Relationship maps a client's status to triage's relationship.
func Relationship(s framekeeper.ClientStatus) triage.Relationship {
	switch s {
	case framekeeper.StatusFormer:
		return triage.Former
	case framekeeper.StatusProspective:
		return triage.Prospective
	}
	return triage.Current
}

// ChartText is the chart entry of a request: what was asked, on what
// grounds, and the decision with the policy behind it.
func ChartText(r SearchRequest) string {
	var b strings.Builder
	b.WriteString("Online search request by " + oneLine(r.RequestedByName) + ": " + strings.ToUpper(r.Decision[:1]) + r.Decision[1:] + ".\n")
	if r.Grounds != "" {
		b.WriteString("Grounds: " + r.Grounds + "\n")
	}
	if r.ContactAttempts != "" {
		b.WriteString("Contact attempts: " + r.ContactAttempts + "\n")
	}
	if r.Scope != "" {
		b.WriteString("Scope: " + r.Scope + "\n")
	}
	b.WriteString(r.Explanation)
	if r.NeedsApproval && r.Decision == "allow" {
		b.WriteString("\nWaiting for a supervisor's approval before any search.")
	}
	return strings.TrimSpace(b.String())
}

// OutcomeText is the chart entry of a search's outcome.
func OutcomeText(r SearchRequest, o Outcome) string {
	return "Online search done by " + oneLine(o.RecordedBy) + ", ended " + o.EndedAt.UTC().Format("2 Jan 2006 15:04 MST") + ".\n" +
		"Looked at: " + o.LookedAt + "\nFound (summary): " + o.Found
}

// AgendaText is the "discuss the search" item.
const AgendaText = "Discuss the online search made for your welfare: why it was made, what was looked at and what was found."
