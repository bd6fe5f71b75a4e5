// Package policy models a practice's social media and electronic-communication
// policy: a practice profile plus one stance per clause. The vocabulary
// (clause and stance names) is fixed by the domain contract and is used as
// written in code, JSON, the database and the UI.
package policy

import (
	"sort"

	"github.com/framekeeper/framekeeper"
)

// Clause names one promise a policy makes.
type Clause string

// Stance is the position a policy takes on a clause.
type Stance string

// Unspecified is the stance of every clause the policy is silent on.
const Unspecified Stance = "unspecified"

// The clauses of the contract (spec section 1), in document order.
const (
	PersonalContactDetails Clause = "personal_contact_details"
	Friending              Clause = "friending"
	AccidentalConnections  Clause = "accidental_connections"
	PracticePage           Clause = "practice_page"
	FollowingClients       Clause = "following_clients"
	ClientFollowing        Clause = "client_following"
	SocialMessaging        Clause = "social_messaging"
	PublicInteraction      Clause = "public_interaction"
	Texting                Clause = "texting"
	Email                  Clause = "email"
	SearchEngines          Clause = "search_engines"
	BusinessReviews        Clause = "business_reviews"
	Testimonials           Clause = "testimonials"
	LocationServices       Clause = "location_services"
	IncidentalEncounters   Clause = "incidental_encounters"
	PolicyUpdates          Clause = "policy_updates"
	Records                Clause = "records"
	Acknowledgment         Clause = "acknowledgment"
)

// ClauseInfo describes a clause and the stances it admits (besides unspecified).
type ClauseInfo struct {
	Clause  Clause
	Governs string
	Stances []StanceInfo
}

// StanceInfo is one stance with the one-line explanation shown in the editor.
type StanceInfo struct {
	Stance  Stance
	Meaning string
}

// Catalog lists every clause in document order with its stances.
var catalog = []ClauseInfo{
	{PersonalContactDetails, "whether the therapist gives clients a personal cell number or email", []StanceInfo{
		{"not_shared", "Therapists do not give clients a personal phone number or email address."},
		{"shared", "Therapists may give clients a personal phone number or email address."}}},
	{Friending, "friend, contact or connection requests from current or former clients to a therapist's personal accounts", []StanceInfo{
		{"decline", "Requests are declined and discussed at the next session."},
		{"ignore", "Requests are left unanswered."},
		{"accept", "Requests may be accepted."}}},
	{AccidentalConnections, "a connection with a client found to exist already", []StanceInfo{
		{"remove", "An existing connection with a client is removed once discovered."},
		{"keep", "An existing connection may stay."}}},
	{PracticePage, "clients liking, fanning or following the practice's business page", []StanceInfo{
		{"not_accepted", "Clients are not accepted as fans or followers of the practice page."},
		{"allowed", "Clients are welcome to follow the page; there is no engagement."},
		{"no_page", "The practice keeps no social media page."}}},
	{FollowingClients, "the therapist following clients' blogs, streams or profiles", []StanceInfo{
		{"never", "Therapists never follow current or former clients."},
		{"allowed", "Therapists may follow clients."}}},
	{ClientFollowing, "clients following the therapist's public or professional streams", []StanceInfo{
		{"allowed", "Clients may follow; there is no expectation, and it may be discussed."},
		{"discouraged", "Clients are asked not to follow the therapist."}}},
	{SocialMessaging, "direct messages on social or networking sites", []StanceInfo{
		{"not_used", "Direct messages are not answered; clients are redirected."},
		{"allowed", "Direct messages may be used."}}},
	{PublicInteraction, "wall posts, @replies, public comments, mentions and tags", []StanceInfo{
		{"not_used", "Public comments, replies, mentions and tags are not answered."},
		{"allowed", "Public interaction is allowed."}}},
	{Texting, "SMS and text messages", []StanceInfo{
		{"not_used", "Text messages are not used."},
		{"administrative_only", "Texts only for scheduling and other administrative matters."},
		{"allowed", "Text messages may be used."}}},
	{Email, "email", []StanceInfo{
		{"not_used", "Email is not used."},
		{"administrative_only", "Email only for scheduling and other administrative matters."},
		{"allowed", "Email may be used."}}},
	{SearchEngines, "the therapist searching for a client online", []StanceInfo{
		{"never", "Therapists never search for clients online."},
		{"crisis_only", "Only in a crisis, documented and discussed at the next session."},
		{"with_consent_or_crisis", "With the client's permission, or in a crisis."}}},
	{BusinessReviews, "reviews on business review sites", []StanceInfo{
		{"no_response", "The practice never responds to reviews."},
		{"may_respond", "The practice may respond to reviews."}}},
	{Testimonials, "asking clients for testimonials, ratings or endorsements", []StanceInfo{
		{"never_solicit", "The practice never asks clients for testimonials or ratings."},
		{"may_solicit", "The practice may ask for testimonials."}}},
	{LocationServices, "the practice as a check-in location", []StanceInfo{
		{"not_a_checkin_location", "The practice is not listed as a check-in location."},
		{"checkin_location", "The practice is a check-in location."}}},
	{IncidentalEncounters, "therapist and client meeting by chance online", []StanceInfo{
		{"discuss_in_session", "Chance encounters online are discussed at the next session."},
		{"no_action", "Chance encounters need no action."}}},
	{PolicyUpdates, "how clients learn of a new version", []StanceInfo{
		{"notify_in_writing", "Clients are told in writing of every change."},
		{"notify_in_session", "Clients are told of changes in session."},
		{"post_online", "Changes are posted online."}}},
	{Records, "whether online interactions become part of the clinical record", []StanceInfo{
		{"documented", "Online interactions are documented in the client's record."},
		{"not_documented", "Online interactions are not documented."}}},
	{Acknowledgment, "whether the client signs that they read the policy", []StanceInfo{
		{"required", "Clients sign that they have read the policy."},
		{"not_required", "No signature is required."}}},
}

// Clauses returns every clause in document order.
func Clauses() []Clause {
	out := make([]Clause, len(catalog))
	for i, c := range catalog {
		out[i] = c.Clause
	}
	return out
}

// Catalog returns the description of every clause in document order.
func Catalog() []ClauseInfo { return append([]ClauseInfo(nil), catalog...) }

// Info returns the description of one clause.
func Info(c Clause) (ClauseInfo, bool) {
	for _, ci := range catalog {
		if ci.Clause == c {
			return ci, true
		}
	}
	return ClauseInfo{}, false
}

// ValidStance reports whether s is a stance of clause c (unspecified always is).
func ValidStance(c Clause, s Stance) bool {
	ci, ok := Info(c)
	if !ok {
		return false
	}
	if s == Unspecified {
		return true
	}
	for _, si := range ci.Stances {
		if si.Stance == s {
			return true
		}
	}
	return false
}

// Stances maps every clause to a stance. A complete set names every clause.
type Stances map[Clause]Stance

// Complete returns a copy with every clause present, unspecified where absent.
func (s Stances) Complete() Stances {
	out := make(Stances, len(catalog))
	for _, c := range catalog {
		st, ok := s[c.Clause]
		if !ok || st == "" {
			st = Unspecified
		}
		out[c.Clause] = st
	}
	return out
}

// Get returns the stance of c, unspecified when absent.
func (s Stances) Get(c Clause) Stance {
	if st, ok := s[c]; ok && st != "" {
		return st
	}
	return Unspecified
}

// Validate checks every clause and stance name.
func (s Stances) Validate() error {
	keys := make([]string, 0, len(s))
	for c := range s {
		keys = append(keys, string(c))
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := Clause(k)
		if _, ok := Info(c); !ok {
			return framekeeper.Invalid("clauses."+k, "unknown clause %q", k)
		}
		if !ValidStance(c, s[c]) {
			return framekeeper.Invalid("clauses."+k, "unknown stance %q for clause %s", s[c], k)
		}
	}
	return nil
}
