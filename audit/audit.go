// Package audit checks a platform data export (a friends, followers,
// following or connections list the therapist or the practice downloaded)
// against the client roster. Each client found becomes an interaction that
// triage decides under the policy in force, so the policy says what to do
// (remove the connection, discuss it at the next session…) and the record
// shows it:
//
//   - clients among the practice page's followers (seed 002: a fan list
//     must not reveal who is a client) → page_like;
//   - a connection between a therapist and a current or former client (seed
//     001: cancelled once discovered) → accidental_connection;
//   - a therapist (or the practice) following a client (seeds 000 and 002:
//     never) → accidental_connection;
//   - a client following a therapist → follow.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/exports"
	"github.com/framekeeper/framekeeper/triage"
)

// Practice is the owner of the practice's own page or account.
const Practice = "practice"

// What a finding is.
const (
	ClientFollowsPractice   = "client_follows_practice"
	PracticeFollowsClient   = "practice_follows_client"
	TherapistConnected      = "therapist_connected_to_client"
	TherapistFollowsClient  = "therapist_follows_client"
	ClientFollowsTherapist  = "client_follows_therapist"
	PracticeConnectedClient = "practice_connected_to_client"
)

// Finding is one client found in the list, with what triage decided.
type Finding struct {
	Finding       string               `json:"finding"`
	Person        exports.Person       `json:"person"`
	ClientID      string               `json:"client_id"`
	Relationship  triage.Relationship  `json:"relationship"`
	Match         triage.Match         `json:"match"`
	Confidence    float64              `json:"confidence"`
	Interaction   triage.Interaction   `json:"-"`
	InteractionID string               `json:"interaction_id,omitempty"`
	Actions       []triage.Action      `json:"actions,omitempty"`
	Explanation   string               `json:"explanation,omitempty"`
	Hidden        bool                 `json:"hidden,omitempty"` // a client outside the viewer's caseload: name withheld
	Policy        *triage.PolicyRef    `json:"policy,omitempty"`
	Sender        *triage.SenderResult `json:"-"`
}

// Report is the outcome of one audit.
type Report struct {
	ID        string        `json:"id,omitempty"`
	Platform  string        `json:"platform"`
	Owner     string        `json:"owner"` // "practice" or a staff email
	ListKind  exports.Kind  `json:"list"`
	People    int           `json:"people"` // entries in the file
	Findings  []Finding     `json:"findings"`
	CreatedBy string        `json:"created_by,omitempty"`
	CreatedAt time.Time     `json:"created_at,omitzero"`
	Errors    []string      `json:"errors,omitempty"` // findings that could not be submitted
	Elapsed   time.Duration `json:"-"`
}

// Resolver recognises a person against the roster (resolve.Resolver.Resolve).
type Resolver func(ctx context.Context, s triage.Sender) (triage.SenderResult, error)

// Submitter stores and decides an interaction (intake.Pipeline.Submit).
type Submitter func(ctx context.Context, in triage.Interaction, raw []byte) (intake.Stored, bool, error)

// CheckOwner validates an owner: "practice" or an email address.
func CheckOwner(owner string) (string, error) {
	owner = strings.ToLower(strings.TrimSpace(owner))
	if owner == Practice {
		return owner, nil
	}
	if a, err := mail.ParseAddress(owner); err == nil && a.Address == owner {
		return owner, nil
	}
	return "", framekeeper.Invalid("owner", "The owner must be \"practice\" or a staff member's email address.")
}

// Find reads the list against the roster and returns the findings, each with
// the interaction that records it (not yet submitted). Only current, former
// and prospective clients are findings: a client's relative or a stranger
// in the list is nobody's business.
func Find(ctx context.Context, ex exports.Export, owner string, resolve Resolver) (Report, error) {
	owner, err := CheckOwner(owner)
	if err != nil {
		return Report{}, err
	}
	r := Report{Platform: ex.Platform, Owner: owner, ListKind: ex.Kind, People: len(ex.People), Findings: []Finding{}}
	finding, kind, text := classify(ex.Kind, owner == Practice)
	channel := triage.Channel(ex.Platform)
	seen := map[string]bool{}
	for _, p := range ex.People {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		s := triage.Sender{Name: p.Name, Email: p.Email, Platform: ex.Platform, Handle: p.Handle}
		if s.Handle == "" && p.ProfileURL != "" && ex.Platform != exports.X {
			s.Handle = p.ProfileURL
		}
		if s.Name == "" && s.Handle == "" && s.Email == "" {
			continue
		}
		res, err := resolve(ctx, s)
		if err != nil {
			return r, fmt.Errorf("resolve: %w", err)
		}
		switch res.Relationship {
		case triage.Current, triage.Former, triage.Prospective:
		default:
			continue
		}
		key := personKey(p)
		if seen[key] {
			continue
		}
		seen[key] = true
		in := triage.Interaction{
			ID:      "audit:" + ex.Platform + ":" + owner + ":" + string(ex.Kind) + ":" + key,
			Kind:    kind,
			Channel: channel,
			From:    s,
			To:      owner,
			Text:    text,
			At:      p.ConnectedAt,
		}
		r.Findings = append(r.Findings, Finding{Finding: finding, Person: p, ClientID: res.ClientID, Relationship: res.Relationship,
			Match: res.Match, Confidence: res.Confidence, Interaction: in})
	}
	return r, nil
}

// Submit sends every finding through the triage pipeline and fills in the
// decision. A finding seen in an earlier audit is the same interaction (its
// id is derived from the platform, owner, list and person), so running an
// audit twice records each connection once.
func Submit(ctx context.Context, r *Report, submit Submitter) {
	for i := range r.Findings {
		f := &r.Findings[i]
		st, _, err := submit(ctx, f.Interaction, nil)
		if err != nil {
			r.Errors = append(r.Errors, framekeeper.ErrorMessage(err))
			continue
		}
		f.InteractionID = st.ID
		if st.Decision != nil {
			f.Actions, f.Explanation = st.Decision.Actions, st.Decision.Explanation
			pol := st.Decision.Policy
			f.Policy = &pol
		}
	}
}

// classify says what a person in this list is to the owner.
func classify(k exports.Kind, practice bool) (finding string, kind triage.Kind, text string) {
	switch {
	case practice && k == exports.Following:
		return PracticeFollowsClient, triage.AccidentalConnection, "Found in a connection audit: the practice's account follows this client."
	case practice && (k == exports.Friends || k == exports.Connections):
		return PracticeConnectedClient, triage.AccidentalConnection, "Found in a connection audit: the practice's account is connected to this client."
	case practice:
		return ClientFollowsPractice, triage.PageLike, "Found in a connection audit: this client follows the practice's page."
	case k == exports.Following:
		return TherapistFollowsClient, triage.AccidentalConnection, "Found in a connection audit: the therapist follows this client."
	case k == exports.Followers:
		return ClientFollowsTherapist, triage.Follow, "Found in a connection audit: this client follows the therapist."
	}
	return TherapistConnected, triage.AccidentalConnection, "Found in a connection audit: the therapist and this client are connected."
}

// personKey identifies a person in a list for de-duplication: the handle,
// else the profile URL, else the email, else a digest of the name (so the
// interaction id carries no name).
func personKey(p exports.Person) string {
	for _, v := range []string{p.Handle, p.ProfileURL, p.Email} {
		if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
			return v
		}
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(p.Name), " "))))
	return "name:" + hex.EncodeToString(sum[:8])
}
