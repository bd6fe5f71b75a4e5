package triage

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/policy"
)

// Content classes of the fixtures: the text and the signals the detector
// gives for it, fixed here so these tests check the rules, not the detector.
type content int

const (
	cNone content = iota
	cAdmin
	cClinical
	cBoth
	cCrisis
)

var fixtureText = map[content]string{
	cNone:     "Hi! Saw your post about mindfulness and wanted to say it was a great article.",
	cAdmin:    "Can I move my Thursday appointment to 4pm next week please?",
	cClinical: "I've been feeling really anxious and can't sleep since our last session together.",
	cBoth:     "I need to cancel tomorrow, and honestly the panic attacks are back again this week.",
	cCrisis:   "I don't want to be here anymore. I have the pills ready for tonight.",
}

func fixtureSignals(c content) detect.Result {
	switch c {
	case cAdmin:
		return detect.Result{Administrative: true, Signals: []detect.Signal{{Label: detect.LabelAdministrative, Rule: "administrative.change", Phrase: "move my"}}}
	case cClinical:
		return detect.Result{Clinical: true, Signals: []detect.Signal{{Label: detect.LabelClinical, Rule: "clinical.anxiety", Phrase: "anxious"}}}
	case cBoth:
		return detect.Result{Clinical: true, Administrative: true}
	case cCrisis:
		return detect.Result{Crisis: true, Clinical: true, Signals: []detect.Signal{
			{Label: detect.LabelCrisis, Rule: "crisis.passive_ideation", Phrase: "don't want to be here anymore"},
			{Label: detect.LabelCrisis, Rule: "crisis.lethal_means", Phrase: "pills"},
		}}
	}
	return detect.Result{}
}

func testProfile() policy.Profile {
	return policy.Profile{
		PracticeName: "Cedar Lane Psychology",
		OfficePhone:  "(555) 010-0123",
		AdminEmail:   "office@cedarlane.example.com",
		CrisisText:   "If you are in crisis, call or text 988, or call 911 in an emergency.",
		Channels: []policy.Channel{
			{Kind: "phone", Value: "(555) 010-0123"},
			{Kind: "email", Value: "office@cedarlane.example.com", Note: "for scheduling"},
		},
	}
}

// channelFor is the channel each kind usually arrives by.
func channelFor(k Kind) Channel {
	switch k {
	case SMS:
		return ChannelSMS
	case Email, SearchRequest:
		return ChannelEmail
	case Review:
		return ChannelReviewSite
	case Follow:
		return ChannelX
	case DirectMessage, Checkin:
		return ChannelInstagram
	}
	return ChannelFacebook
}

type opts struct {
	redirect, texting, emailOK, search bool
	records                            policy.Stance
	match                              Match
}

func input(k Kind, st policy.Stances, rel Relationship, c content, o opts) Input {
	m := o.match
	if m == "" {
		m = MatchExact
		if rel == Unknown {
			m = MatchNone
		}
	}
	stances := policy.Stances{}
	for cl, s := range st {
		stances[cl] = s
	}
	if _, ok := stances[policy.Records]; !ok {
		stances[policy.Records] = "documented"
	}
	if o.records != "" {
		stances[policy.Records] = o.records
	}
	id := "c_01"
	if rel == Unknown {
		id = ""
	}
	return Input{
		Interaction: Interaction{ID: "m1", Kind: k, Channel: channelFor(k), From: Sender{Name: "Alex Doe"}, Text: fixtureText[c],
			At: time.Date(2026, 3, 3, 15, 4, 0, 0, time.UTC)},
		Sender:          SenderResult{ClientID: id, Relationship: rel, Match: m, Confidence: 1},
		Signals:         fixtureSignals(c),
		Version:         3,
		Stances:         stances,
		Profile:         testProfile(),
		RedirectReplies: o.redirect,
		TextingConsent:  o.texting,
		EmailConsent:    o.emailOK,
		SearchConsent:   o.search,
	}
}

// group is a set of relationships that the rules treat alike.
type group int

const (
	gClient   group = iota // current, former, prospective
	gRelative              // a client's friend or relative
	gUnknown
)

func (g group) rels() []Relationship {
	switch g {
	case gClient:
		return []Relationship{Current, Former, Prospective}
	case gRelative:
		return []Relationship{Relative}
	}
	return []Relationship{Unknown}
}

func (g group) String() string { return [...]string{"client", "relative", "unknown"}[g] }

type A = Action

const (
	dec  = ActDecline
	ign  = ActIgnore
	rem  = ActRemoveConnection
	dnfb = ActDoNotFollowBack
	nrep = ActNoReply
	rep  = ActReply
	dnr  = ActDoNotRespond
	doc  = ActDocument
	agn  = ActAgenda
	esc  = ActEscalate
	alw  = ActAllow
	dny  = ActDeny
	rdoc = ActRequireDocumentation
)

func st(pairs ...string) policy.Stances {
	s := policy.Stances{}
	for i := 0; i+1 < len(pairs); i += 2 {
		s[policy.Clause(pairs[i])] = policy.Stance(pairs[i+1])
	}
	return s
}

// TestDecideRules covers every kind under every stance of its clause
// (unspecified included), for clients, relatives and unknown senders, as the
// seeds promise. Records are "documented" unless a row says otherwise.
func TestDecideRules(t *testing.T) {
	tests := []struct {
		kind   Kind
		st     policy.Stances
		c      content
		o      opts
		g      group
		want   []A
		clause policy.Clause // the primary clause the decision names first
		resp   Response      // the standard response expected in the reply, if any
	}{
		// friend_request — friending (seeds 000–003: decline, standard response, discuss)
		{FriendRequest, st("friending", "decline"), cNone, opts{}, gClient, []A{dec, rep, doc, agn}, policy.Friending, RespFriendingDecline},
		{FriendRequest, st("friending", "decline"), cNone, opts{}, gRelative, []A{dec, rep, doc, agn}, policy.Friending, RespFriendingDecline},
		{FriendRequest, st("friending", "decline"), cNone, opts{}, gUnknown, []A{ign}, policy.Friending, ""},
		{FriendRequest, st("friending", "ignore"), cNone, opts{}, gClient, []A{ign, doc}, policy.Friending, ""},
		{FriendRequest, st("friending", "ignore"), cNone, opts{}, gRelative, []A{ign, doc}, policy.Friending, ""},
		{FriendRequest, st("friending", "ignore"), cNone, opts{}, gUnknown, []A{ign}, policy.Friending, ""},
		{FriendRequest, st("friending", "accept"), cNone, opts{}, gClient, []A{doc, alw}, policy.Friending, ""},
		{FriendRequest, st("friending", "accept"), cNone, opts{}, gUnknown, []A{ign}, policy.Friending, ""},
		{FriendRequest, st(), cNone, opts{}, gClient, []A{ign, doc, agn}, policy.Friending, ""},
		{FriendRequest, st(), cNone, opts{}, gRelative, []A{ign, doc, agn}, policy.Friending, ""},
		{FriendRequest, st(), cNone, opts{}, gUnknown, []A{ign}, policy.Friending, ""},

		// follow — following_clients and client_following (seeds 000, 002)
		{Follow, st("following_clients", "never", "client_following", "allowed"), cNone, opts{}, gClient, []A{dnfb, doc, agn}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "never", "client_following", "allowed"), cNone, opts{}, gRelative, []A{dnfb}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "never", "client_following", "allowed"), cNone, opts{}, gUnknown, []A{dnfb}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "allowed", "client_following", "allowed"), cNone, opts{}, gClient, []A{doc, agn, alw}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "allowed", "client_following", "discouraged"), cNone, opts{}, gRelative, []A{ign}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "allowed"), cNone, opts{}, gUnknown, []A{ign}, policy.FollowingClients, ""},
		{Follow, st("client_following", "discouraged"), cNone, opts{}, gClient, []A{dnfb, doc, agn}, policy.FollowingClients, ""},
		{Follow, st("following_clients", "never"), cNone, opts{}, gClient, []A{dnfb, doc, agn}, policy.FollowingClients, ""},
		{Follow, st(), cNone, opts{}, gUnknown, []A{dnfb}, policy.FollowingClients, ""},

		// page_like — practice_page (seed 002: clients are not accepted as fans)
		{PageLike, st("practice_page", "not_accepted"), cNone, opts{}, gClient, []A{rem, doc, agn}, policy.PracticePage, ""},
		{PageLike, st("practice_page", "not_accepted"), cNone, opts{}, gRelative, []A{ign}, policy.PracticePage, ""},
		{PageLike, st("practice_page", "not_accepted"), cNone, opts{}, gUnknown, []A{ign}, policy.PracticePage, ""},
		{PageLike, st("practice_page", "allowed"), cNone, opts{}, gClient, []A{doc}, policy.PracticePage, ""},
		{PageLike, st("practice_page", "allowed"), cNone, opts{}, gUnknown, []A{ign}, policy.PracticePage, ""},
		{PageLike, st("practice_page", "no_page"), cNone, opts{}, gClient, []A{doc}, policy.PracticePage, ""},
		{PageLike, st(), cNone, opts{}, gClient, []A{doc, agn}, policy.PracticePage, ""},
		{PageLike, st(), cNone, opts{}, gUnknown, []A{ign}, policy.PracticePage, ""},

		// direct_message — social_messaging (seeds 000–002: not answered, redirected)
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{}, gClient, []A{nrep, doc}, policy.SocialMessaging, ""},
		{DirectMessage, st("social_messaging", "not_used"), cAdmin, opts{}, gRelative, []A{nrep, doc}, policy.SocialMessaging, ""},
		{DirectMessage, st("social_messaging", "not_used"), cClinical, opts{}, gClient, []A{nrep, doc, agn}, policy.SocialMessaging, ""},
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{}, gUnknown, []A{nrep}, policy.SocialMessaging, ""},
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{redirect: true}, gClient, []A{rep, doc}, policy.SocialMessaging, RespMessagingRedirect},
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{redirect: true}, gRelative, []A{rep, doc}, policy.SocialMessaging, RespMessagingRedirect},
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{redirect: true}, gUnknown, []A{rep}, policy.SocialMessaging, RespMessagingRedirect},
		{DirectMessage, st("social_messaging", "allowed"), cClinical, opts{}, gClient, []A{doc, alw}, policy.SocialMessaging, ""},
		{DirectMessage, st("social_messaging", "allowed"), cNone, opts{}, gUnknown, []A{alw}, policy.SocialMessaging, ""},
		{DirectMessage, st(), cNone, opts{}, gClient, []A{nrep, doc, agn}, policy.SocialMessaging, ""},
		{DirectMessage, st(), cNone, opts{redirect: true}, gUnknown, []A{nrep}, policy.SocialMessaging, ""},

		// public_comment — public_interaction (seeds 001, 002: never answered in public)
		{PublicComment, st("public_interaction", "not_used"), cNone, opts{}, gClient, []A{nrep, doc, agn}, policy.PublicInteraction, ""},
		{PublicComment, st("public_interaction", "not_used"), cNone, opts{redirect: true}, gClient, []A{nrep, doc, agn}, policy.PublicInteraction, ""},
		{PublicComment, st("public_interaction", "not_used"), cNone, opts{}, gRelative, []A{nrep, doc}, policy.PublicInteraction, ""},
		{PublicComment, st("public_interaction", "not_used"), cNone, opts{}, gUnknown, []A{nrep}, policy.PublicInteraction, ""},
		{PublicComment, st("public_interaction", "allowed"), cNone, opts{}, gClient, []A{doc, alw}, policy.PublicInteraction, ""},
		{PublicComment, st("public_interaction", "allowed"), cNone, opts{}, gUnknown, []A{alw}, policy.PublicInteraction, ""},
		{PublicComment, st(), cNone, opts{}, gClient, []A{nrep, doc, agn}, policy.PublicInteraction, ""},
		{PublicComment, st(), cNone, opts{}, gUnknown, []A{nrep}, policy.PublicInteraction, ""},

		// sms — texting
		{SMS, st("texting", "not_used"), cAdmin, opts{texting: true}, gClient, []A{nrep, doc}, policy.Texting, ""},
		{SMS, st("texting", "not_used"), cClinical, opts{}, gClient, []A{nrep, doc, agn}, policy.Texting, ""},
		{SMS, st("texting", "not_used"), cNone, opts{redirect: true}, gClient, []A{rep, doc}, policy.Texting, RespTextingRedirect},
		{SMS, st("texting", "not_used"), cNone, opts{redirect: true}, gUnknown, []A{rep}, policy.Texting, RespTextingRedirect},
		{SMS, st("texting", "administrative_only"), cAdmin, opts{texting: true}, gClient, []A{doc, alw}, policy.Texting, ""},
		{SMS, st("texting", "administrative_only"), cClinical, opts{texting: true}, gClient, []A{rep, doc, agn}, policy.Texting, RespTextingClinical},
		{SMS, st("texting", "administrative_only"), cBoth, opts{texting: true}, gClient, []A{rep, doc, agn, alw}, policy.Texting, RespTextingClinical},
		{SMS, st("texting", "administrative_only"), cClinical, opts{texting: true}, gRelative, []A{rep, doc, agn}, policy.Texting, RespTextingClinical},
		{SMS, st("texting", "administrative_only"), cAdmin, opts{}, gClient, []A{nrep, doc}, policy.Texting, ""},
		{SMS, st("texting", "administrative_only"), cAdmin, opts{redirect: true}, gClient, []A{rep, doc}, policy.Texting, RespTextingRedirect},
		{SMS, st("texting", "administrative_only"), cAdmin, opts{}, gUnknown, []A{nrep}, policy.Texting, ""},
		{SMS, st("texting", "allowed"), cClinical, opts{texting: true}, gClient, []A{doc, alw}, policy.Texting, ""},
		{SMS, st("texting", "allowed"), cAdmin, opts{}, gClient, []A{nrep, doc}, policy.Texting, ""},
		{SMS, st(), cAdmin, opts{texting: true}, gClient, []A{doc, alw}, policy.Texting, ""},
		{SMS, st(), cClinical, opts{texting: true}, gClient, []A{doc, agn, alw}, policy.Texting, ""},
		{SMS, st(), cAdmin, opts{redirect: true}, gClient, []A{nrep, doc}, policy.Texting, ""},
		{SMS, st(), cAdmin, opts{}, gUnknown, []A{nrep}, policy.Texting, ""},

		// email — email (seed 002: appointments only; seed 000: not used)
		{Email, st("email", "not_used"), cAdmin, opts{}, gClient, []A{nrep, doc}, policy.Email, ""},
		{Email, st("email", "not_used"), cNone, opts{redirect: true}, gClient, []A{rep, doc}, policy.Email, RespEmailRedirect},
		{Email, st("email", "not_used"), cNone, opts{redirect: true}, gUnknown, []A{rep}, policy.Email, RespEmailRedirect},
		{Email, st("email", "administrative_only"), cAdmin, opts{}, gClient, []A{doc, alw}, policy.Email, ""},
		{Email, st("email", "administrative_only"), cNone, opts{}, gClient, []A{doc, alw}, policy.Email, ""},
		{Email, st("email", "administrative_only"), cAdmin, opts{}, gUnknown, []A{alw}, policy.Email, ""},
		{Email, st("email", "administrative_only"), cClinical, opts{}, gClient, []A{rep, doc, agn}, policy.Email, RespEmailClinical},
		{Email, st("email", "administrative_only"), cBoth, opts{}, gClient, []A{rep, doc, agn, alw}, policy.Email, RespEmailClinical},
		{Email, st("email", "administrative_only"), cClinical, opts{}, gRelative, []A{rep, doc, agn}, policy.Email, RespEmailClinical},
		{Email, st("email", "administrative_only"), cClinical, opts{}, gUnknown, []A{rep}, policy.Email, RespEmailClinical},
		{Email, st("email", "allowed"), cClinical, opts{}, gClient, []A{doc, agn, alw}, policy.Email, ""},
		{Email, st("email", "allowed"), cClinical, opts{emailOK: true}, gClient, []A{doc, alw}, policy.Email, ""},
		{Email, st("email", "allowed"), cAdmin, opts{}, gUnknown, []A{alw}, policy.Email, ""},
		{Email, st(), cAdmin, opts{}, gClient, []A{doc, alw}, policy.Email, ""},
		{Email, st(), cClinical, opts{}, gClient, []A{doc, agn, alw}, policy.Email, ""},

		// review — business_reviews (seed 002: never answered, positive or negative)
		{Review, st("business_reviews", "no_response"), cClinical, opts{}, gClient, []A{dnr, doc}, policy.BusinessReviews, ""},
		{Review, st("business_reviews", "no_response"), cNone, opts{}, gUnknown, []A{dnr}, policy.BusinessReviews, ""},
		{Review, st("business_reviews", "may_respond"), cNone, opts{}, gClient, []A{doc, alw}, policy.BusinessReviews, ""},
		{Review, st("business_reviews", "may_respond"), cNone, opts{}, gUnknown, []A{alw}, policy.BusinessReviews, ""},
		{Review, st(), cNone, opts{}, gClient, []A{dnr, doc}, policy.BusinessReviews, ""},
		{Review, st(), cNone, opts{}, gRelative, []A{dnr, doc}, policy.BusinessReviews, ""},

		// checkin — location_services
		{Checkin, st("location_services", "not_a_checkin_location"), cNone, opts{}, gClient, []A{doc}, policy.LocationServices, ""},
		{Checkin, st("location_services", "checkin_location"), cNone, opts{}, gClient, []A{doc}, policy.LocationServices, ""},
		{Checkin, st(), cNone, opts{}, gClient, []A{doc}, policy.LocationServices, ""},
		{Checkin, st("location_services", "not_a_checkin_location"), cNone, opts{}, gRelative, []A{ign}, policy.LocationServices, ""},
		{Checkin, st(), cNone, opts{}, gUnknown, []A{ign}, policy.LocationServices, ""},

		// accidental_connection — accidental_connections (seed 001: cancelled)
		{AccidentalConnection, st("accidental_connections", "remove"), cNone, opts{}, gClient, []A{rem, doc, agn}, policy.AccidentalConnections, ""},
		{AccidentalConnection, st("accidental_connections", "remove"), cNone, opts{}, gRelative, []A{ign}, policy.AccidentalConnections, ""},
		{AccidentalConnection, st("accidental_connections", "remove"), cNone, opts{}, gUnknown, []A{ign}, policy.AccidentalConnections, ""},
		{AccidentalConnection, st("accidental_connections", "keep"), cNone, opts{}, gClient, []A{doc, alw}, policy.AccidentalConnections, ""},
		{AccidentalConnection, st(), cNone, opts{}, gClient, []A{doc, agn}, policy.AccidentalConnections, ""},

		// incidental_encounter — incidental_encounters (seed 001: discussed next session)
		{IncidentalEncounter, st("incidental_encounters", "discuss_in_session"), cNone, opts{}, gClient, []A{doc, agn}, policy.IncidentalEncounters, ""},
		{IncidentalEncounter, st("incidental_encounters", "discuss_in_session"), cNone, opts{}, gUnknown, []A{ign}, policy.IncidentalEncounters, ""},
		{IncidentalEncounter, st("incidental_encounters", "no_action"), cNone, opts{}, gClient, []A{ign}, policy.IncidentalEncounters, ""},
		{IncidentalEncounter, st(), cNone, opts{}, gClient, []A{doc, agn}, policy.IncidentalEncounters, ""},

		// search_request — search_engines (seeds 000, 002: crisis only; 001: with permission)
		{SearchRequest, st("search_engines", "never"), cNone, opts{search: true}, gClient, []A{dny}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "never"), cCrisis, opts{}, gClient, []A{doc, agn, esc, dny}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "crisis_only"), cNone, opts{search: true}, gClient, []A{dny}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "crisis_only"), cClinical, opts{}, gClient, []A{dny}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "crisis_only"), cCrisis, opts{}, gClient, []A{doc, agn, esc, alw, rdoc}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "with_consent_or_crisis"), cNone, opts{}, gClient, []A{dny}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "with_consent_or_crisis"), cNone, opts{search: true}, gClient, []A{alw, rdoc}, policy.SearchEngines, ""},
		{SearchRequest, st("search_engines", "with_consent_or_crisis"), cCrisis, opts{}, gClient, []A{doc, agn, esc, alw, rdoc}, policy.SearchEngines, ""},
		{SearchRequest, st(), cNone, opts{search: true}, gClient, []A{dny}, policy.SearchEngines, ""},
		{SearchRequest, st(), cCrisis, opts{}, gClient, []A{doc, agn, esc, alw, rdoc}, policy.SearchEngines, ""},
	}
	for _, tt := range tests {
		for _, rel := range tt.g.rels() {
			in := input(tt.kind, tt.st, rel, tt.c, tt.o)
			name := string(tt.kind) + "/" + stanceName(tt.st, tt.clause) + "/" + string(rel)
			d := Decide(in)
			if !slices.Equal(d.Actions, tt.want) {
				t.Errorf("%s (content %d, %+v): actions = %v, want %v\n  %s", name, tt.c, tt.o, d.Actions, tt.want, d.Explanation)
			}
			if len(d.Policy.Clauses) == 0 || d.Policy.Clauses[0] != tt.clause {
				t.Errorf("%s: clauses = %v, want %s first", name, d.Policy.Clauses, tt.clause)
			}
			if want := string(tt.clause) + ": " + stanceName(tt.st, tt.clause); !strings.Contains(d.Explanation, want) {
				t.Errorf("%s: explanation %q does not name %q", name, d.Explanation, want)
			}
			checkInvariants(t, name, in, d)
			if tt.resp != "" {
				aud := AudienceOther
				if tt.g == gClient {
					aud = AudienceClient
				}
				want := Render(DefaultTemplates().Text(tt.resp, aud), in.Profile)
				if d.Reply == nil || d.Reply.Text != want {
					t.Errorf("%s: reply = %+v, want the %s %s response %q", name, d.Reply, aud, tt.resp, want)
				}
			}
		}
	}
}

func stanceName(s policy.Stances, c policy.Clause) string { return string(s.Get(c)) }

// checkInvariants holds for every decision.
func checkInvariants(t *testing.T, name string, in Input, d Decision) {
	t.Helper()
	if (d.Reply != nil) != d.Has(ActReply) {
		t.Errorf("%s: reply %+v but actions %v", name, d.Reply, d.Actions)
	}
	if (d.ChartNote != nil) != d.Has(ActDocument) {
		t.Errorf("%s: chart note %v but actions %v", name, d.ChartNote != nil, d.Actions)
	}
	if (d.AgendaItem != nil) != d.Has(ActAgenda) {
		t.Errorf("%s: agenda item %v but actions %v", name, d.AgendaItem != nil, d.Actions)
	}
	if d.Has(ActReply) && d.Has(ActNoReply) {
		t.Errorf("%s: both reply and no_reply: %v", name, d.Actions)
	}
	if d.Reply != nil {
		if d.Reply.Channel != in.Interaction.Channel {
			t.Errorf("%s: reply on %s, came by %s", name, d.Reply.Channel, in.Interaction.Channel)
		}
		if run := sharedRun(d.Reply.Text, in.Interaction.Text, 6); run != "" {
			t.Errorf("%s: reply repeats the message: %q", name, run)
		}
		if in.Interaction.Kind == Review || in.Interaction.Kind == PublicComment || in.Interaction.Kind == Checkin {
			t.Errorf("%s: a public interaction got a reply", name)
		}
	}
	known := in.Sender.Match != MatchNone && in.Sender.Relationship != Unknown && in.Sender.ClientID != ""
	if !known && (d.Has(ActDocument) || d.Has(ActAgenda)) {
		t.Errorf("%s: unknown sender charted: %v", name, d.Actions)
	}
	isClient := in.Sender.Relationship == Current || in.Sender.Relationship == Former || in.Sender.Relationship == Prospective
	if d.Reply != nil && (!isClient || in.Sender.Match == MatchNone) {
		low := strings.ToLower(d.Reply.Text)
		for _, w := range []string{"client", "session", "therap", "treatment", "our work"} {
			if strings.Contains(low, w) {
				t.Errorf("%s: reply to a non-client says %q: %q", name, w, d.Reply.Text)
			}
		}
	}
	if in.Sender.Match == MatchFuzzy {
		for _, a := range []Action{ActDecline, ActRemoveConnection} {
			if d.Has(a) {
				t.Errorf("%s: fuzzy match but %s not pending: %v", name, a, d.Actions)
			}
		}
		if d.Has(ActReply) && !d.Crisis.Detected {
			t.Errorf("%s: fuzzy match but a reply is sent", name)
		}
	}
	if len(d.Policy.Clauses) == 0 || strings.TrimSpace(d.Explanation) == "" {
		t.Errorf("%s: no clause or explanation: %v %q", name, d.Policy.Clauses, d.Explanation)
	}
	if d.Policy.Version != in.Version || d.EventID != "" {
		t.Errorf("%s: version %d event %q", name, d.Policy.Version, d.EventID)
	}
	if d.Crisis.Signals == nil {
		t.Errorf("%s: crisis signals nil", name)
	}
}

// sharedRun returns a run of n words of msg that appears in reply, or "".
func sharedRun(reply, msg string, n int) string {
	norm := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'')
		})
	}
	rw, mw := " "+strings.Join(norm(reply), " ")+" ", norm(msg)
	for i := 0; i+n <= len(mw); i++ {
		run := strings.Join(mw[i:i+n], " ")
		if strings.Contains(rw, " "+run+" ") {
			return run
		}
	}
	return ""
}

func TestSharedRunDetects(t *testing.T) {
	if got := sharedRun("Hello there, I want to go home now please.", "so I want to go home now", 6); got != "i want to go home now" {
		t.Errorf("sharedRun = %q, want the shared run", got)
	}
	if got := sharedRun("a b c d e f", "a b c d e x", 6); got != "" {
		t.Errorf("sharedRun = %q, want none", got)
	}
}

// A crisis on a channel the practice does not use, from someone it does not
// know, is escalated and answered with the crisis resources; nothing is
// charted. The detector runs on the real text here.
func TestCrisisFromUnknownOnUnusedChannel(t *testing.T) {
	for _, k := range []Kind{SMS, DirectMessage, Email} {
		text := "I don't want to be here anymore. I have the pills ready tonight. Goodbye."
		in := input(k, st("texting", "not_used", "social_messaging", "not_used", "email", "not_used"), Unknown, cNone, opts{})
		in.Interaction.Text = text
		in.Signals = detect.Default().Classify(text)
		d := Decide(in)
		if !d.Crisis.Detected || len(d.Crisis.Signals) == 0 {
			t.Fatalf("%s: crisis not detected: %+v", k, d.Crisis)
		}
		if want := []A{rep, esc}; !slices.Equal(d.Actions, want) {
			t.Errorf("%s: actions = %v, want %v", k, d.Actions, want)
		}
		if d.Reply == nil || !strings.Contains(d.Reply.Text, testProfile().CrisisText) || !strings.Contains(d.Reply.Text, "988") {
			t.Errorf("%s: reply %+v lacks the crisis resources", k, d.Reply)
		}
		for _, s := range d.Crisis.Signals {
			if !strings.HasPrefix(s, "crisis.") {
				t.Errorf("%s: crisis signal %q is not a crisis rule", k, s)
			}
		}
		checkInvariants(t, string(k), in, d)
	}
}

// The crisis reply is the same text for every sender and every match, and a
// crisis is documented for a client even when records are not_documented.
func TestCrisisReplySameForEveryone(t *testing.T) {
	var first string
	for _, rel := range []Relationship{Current, Former, Prospective, Relative, Unknown} {
		for _, m := range []Match{MatchExact, MatchFuzzy, MatchNone} {
			in := input(DirectMessage, st("social_messaging", "not_used"), rel, cCrisis, opts{match: m, records: "not_documented"})
			d := Decide(in)
			name := string(rel) + "/" + string(m)
			if d.Reply == nil || !d.Has(ActEscalate) {
				t.Fatalf("%s: actions %v reply %v", name, d.Actions, d.Reply)
			}
			if first == "" {
				first = d.Reply.Text
			} else if d.Reply.Text != first {
				t.Errorf("%s: crisis reply differs:\n%q\n%q", name, d.Reply.Text, first)
			}
			charted := rel != Unknown && m != MatchNone
			if d.Has(ActDocument) != charted || d.Has(ActAgenda) != charted {
				t.Errorf("%s: actions %v, want document and agenda = %v", name, d.Actions, charted)
			}
			if d.ChartNote != nil && strings.Contains(*d.ChartNote, "pills ready") {
				t.Errorf("%s: not_documented note copies the message: %s", name, *d.ChartNote)
			}
			checkInvariants(t, name, in, d)
		}
	}
}

// Crisis in a public place or in something the therapist found: alerted,
// never answered in public.
func TestCrisisWithoutReply(t *testing.T) {
	for _, k := range []Kind{Review, PublicComment, Checkin, IncidentalEncounter, AccidentalConnection, Follow, PageLike} {
		in := input(k, st(), Current, cCrisis, opts{})
		d := Decide(in)
		if !d.Has(ActEscalate) || d.Reply != nil {
			t.Errorf("%s: actions %v reply %v, want escalate and no reply", k, d.Actions, d.Reply)
		}
		checkInvariants(t, string(k), in, d)
	}
}

// A name-only match holds back every outward step; documentation, the
// agenda and the crisis alert and resources proceed.
func TestFuzzyMatchPending(t *testing.T) {
	tests := []struct {
		kind        Kind
		st          policy.Stances
		c           content
		o           opts
		want, pend  []A
		replyExpect bool
	}{
		{FriendRequest, st("friending", "decline"), cNone, opts{}, []A{doc, agn}, []A{dec, rep}, false},
		{PageLike, st("practice_page", "not_accepted"), cNone, opts{}, []A{doc, agn}, []A{rem}, false},
		{AccidentalConnection, st("accidental_connections", "remove"), cNone, opts{}, []A{doc, agn}, []A{rem}, false},
		{Email, st("email", "administrative_only"), cClinical, opts{}, []A{doc, agn}, []A{rep}, false},
		{DirectMessage, st("social_messaging", "not_used"), cNone, opts{redirect: true}, []A{doc}, []A{rep}, false},
		{FriendRequest, st("friending", "decline"), cCrisis, opts{}, []A{rep, doc, agn, esc}, []A{dec}, true},
		{Follow, st("following_clients", "never"), cNone, opts{}, []A{dnfb, doc, agn}, nil, false},
	}
	for _, tt := range tests {
		in := input(tt.kind, tt.st, Current, tt.c, opts{match: MatchFuzzy, redirect: tt.o.redirect})
		d := Decide(in)
		if !slices.Equal(d.Actions, tt.want) || !slices.Equal(d.Pending, tt.pend) {
			t.Errorf("%s: actions %v pending %v, want %v pending %v", tt.kind, d.Actions, d.Pending, tt.want, tt.pend)
		}
		if (d.Reply != nil) != tt.replyExpect {
			t.Errorf("%s: reply %+v, want reply %v", tt.kind, d.Reply, tt.replyExpect)
		}
		if d.AgendaItem != nil && !strings.Contains(*d.AgendaItem, "matched by name only") {
			t.Errorf("%s: agenda item %q does not warn of the name-only match", tt.kind, *d.AgendaItem)
		}
		checkInvariants(t, string(tt.kind), in, d)
	}
}

// records: not_documented drops the routine note; documented copies the
// message; unspecified notes it without the text.
func TestRecords(t *testing.T) {
	msg := fixtureText[cClinical]
	tests := []struct {
		records  policy.Stance
		wantDoc  bool
		wantText bool
	}{
		{"documented", true, true},
		{"not_documented", false, false},
		{policy.Unspecified, true, false},
	}
	for _, tt := range tests {
		in := input(Email, st("email", "administrative_only"), Current, cClinical, opts{records: tt.records})
		d := Decide(in)
		if d.Has(ActDocument) != tt.wantDoc {
			t.Errorf("records %s: actions %v, want document %v", tt.records, d.Actions, tt.wantDoc)
		}
		if !d.Has(ActAgenda) {
			t.Errorf("records %s: agenda dropped: %v", tt.records, d.Actions)
		}
		if !slices.Contains(d.Policy.Clauses, policy.Records) || !strings.Contains(d.Explanation, "records: "+string(tt.records)) {
			t.Errorf("records %s: clauses %v, explanation %q do not name records", tt.records, d.Policy.Clauses, d.Explanation)
		}
		if d.ChartNote != nil {
			note := *d.ChartNote
			if got := strings.Contains(note, msg); got != tt.wantText {
				t.Errorf("records %s: note copies message = %v, want %v: %s", tt.records, got, tt.wantText, note)
			}
			for _, w := range []string{"Email", "3 March 2026", "email: administrative_only", "Policy version 3", "standard response sent"} {
				if !strings.Contains(note, w) {
					t.Errorf("records %s: note lacks %q: %s", tt.records, w, note)
				}
			}
		}
	}
}

func TestAgendaItemWording(t *testing.T) {
	tests := []struct {
		kind Kind
		st   policy.Stances
		want string
	}{
		{FriendRequest, st("friending", "decline"), "Discuss the friend request received on Facebook on 3 March and the policy on social media contact."},
		{PageLike, st("practice_page", "not_accepted"), "Discuss the like of the practice's page received on Facebook on 3 March and the policy on the practice's social media page."},
		{IncidentalEncounter, st("incidental_encounters", "discuss_in_session"), "Discuss the chance encounter online noted on Facebook on 3 March and how chance encounters online are handled."},
	}
	for _, tt := range tests {
		d := Decide(input(tt.kind, tt.st, Current, cNone, opts{}))
		if d.AgendaItem == nil || *d.AgendaItem != tt.want {
			t.Errorf("%s: agenda item = %v, want %q", tt.kind, deref(d.AgendaItem), tt.want)
		}
	}
	d := Decide(input(SearchRequest, st("search_engines", "crisis_only"), Current, cCrisis, opts{}))
	if want := "Discuss the online search allowed on 3 March and the reasons for it."; d.AgendaItem == nil || *d.AgendaItem != want {
		t.Errorf("search: agenda item = %v, want %q", deref(d.AgendaItem), want)
	}
	if d.ChartNote == nil || !strings.Contains(*d.ChartNote, "search allowed") || !strings.Contains(*d.ChartNote, "Grounds: ") {
		t.Errorf("search: chart note = %v", deref(d.ChartNote))
	}
	d = Decide(input(Email, st("email", "administrative_only"), Current, cClinical, opts{}))
	if d.AgendaItem == nil || strings.Contains(*d.AgendaItem, "anxious") {
		t.Errorf("agenda item %v is missing or quotes the message", deref(d.AgendaItem))
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// The practice's own templates are used; an empty one falls back to the
// default; a crisis template that lost the resources still carries them.
func TestPracticeTemplates(t *testing.T) {
	in := input(FriendRequest, st("friending", "decline"), Current, cNone, opts{})
	in.Templates = Templates{Client: map[Response]string{RespFriendingDecline: "No thanks from {practice}; reach us: {contact}."}}
	d := Decide(in)
	if want := "No thanks from Cedar Lane Psychology; reach us: call (555) 010-0123, or email office@cedarlane.example.com (for scheduling)."; d.Reply == nil || d.Reply.Text != want {
		t.Errorf("reply = %+v, want %q", d.Reply, want)
	}
	in.Sender.Relationship = Relative
	d = Decide(in)
	if want := Render(DefaultTemplates().Other[RespFriendingDecline], in.Profile); d.Reply == nil || d.Reply.Text != want {
		t.Errorf("relative reply = %+v, want the default %q", d.Reply, want)
	}
	in = input(SMS, st("texting", "not_used"), Unknown, cCrisis, opts{})
	in.Templates = Templates{Crisis: "We saw your message."}
	d = Decide(in)
	if d.Reply == nil || !strings.Contains(d.Reply.Text, testProfile().CrisisText) || !strings.Contains(d.Reply.Text, "We saw your message.") {
		t.Errorf("crisis reply %+v lacks the practice's text or the resources", d.Reply)
	}
}

// The profile without crisis text: the default crisis resources are sent.
func TestDefaultCrisisText(t *testing.T) {
	in := input(SMS, st("texting", "not_used"), Unknown, cCrisis, opts{})
	in.Profile.CrisisText = ""
	d := Decide(in)
	if d.Reply == nil || !strings.Contains(d.Reply.Text, policy.DefaultCrisisText) {
		t.Errorf("reply %+v lacks policy.DefaultCrisisText", d.Reply)
	}
}

// Text decides crisis only when there is text; an empty message carries no
// signals whatever the caller passed.
func TestNoTextNoCrisis(t *testing.T) {
	in := input(FriendRequest, st("friending", "decline"), Current, cCrisis, opts{})
	in.Interaction.Text = "  "
	d := Decide(in)
	if d.Crisis.Detected || d.Has(ActEscalate) || d.Content.Clinical {
		t.Errorf("blank text: crisis %+v content %+v actions %v", d.Crisis, d.Content, d.Actions)
	}
}

func TestContentCopied(t *testing.T) {
	d := Decide(input(Email, st("email", "allowed"), Current, cBoth, opts{}))
	if !d.Content.Clinical || !d.Content.Administrative {
		t.Errorf("content = %+v, want clinical and administrative", d.Content)
	}
	d = Decide(input(Email, st("email", "allowed"), Current, cCrisis, opts{}))
	if want := []string{`crisis.passive_ideation:"don't want to be here anymore"`, `crisis.lethal_means:"pills"`}; !slices.Equal(d.Crisis.Signals, want) {
		t.Errorf("crisis signals = %q, want %q", d.Crisis.Signals, want)
	}
}

// An unknown stance, an unknown kind, a channel that cannot carry a reply:
// a decision is still made and explained.
func TestOddInputs(t *testing.T) {
	in := input(Email, st("email", "sometimes"), Current, cClinical, opts{})
	d := Decide(in)
	if !strings.Contains(d.Explanation, "email: unspecified") {
		t.Errorf("unknown stance: explanation %q, want it read as unspecified", d.Explanation)
	}
	in = input("carrier_pigeon", st(), Current, cNone, opts{})
	d = Decide(in)
	if len(d.Actions) == 0 || len(d.Policy.Clauses) == 0 {
		t.Errorf("unknown kind: %+v", d)
	}
	in = input(Email, st("email", "administrative_only"), Current, cClinical, opts{})
	in.Interaction.Channel = ChannelInPerson
	d = Decide(in)
	if d.Reply != nil || !d.Has(ActNoReply) {
		t.Errorf("in-person email: reply %+v actions %v", d.Reply, d.Actions)
	}
	checkInvariants(t, "in person", in, d)
}

func TestDeterministic(t *testing.T) {
	in := input(FriendRequest, st("friending", "decline"), Current, cCrisis, opts{})
	a, b := Decide(in), Decide(in)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two decisions differ:\n%+v\n%+v", a, b)
	}
}

func BenchmarkDecide(b *testing.B) {
	in := input(Email, st("email", "administrative_only"), Current, cClinical, opts{})
	for b.Loop() {
		Decide(in)
	}
}
