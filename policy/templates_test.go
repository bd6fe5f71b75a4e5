package policy

import (
	"strings"
	"testing"
)

// The stances read from each seed, clause by clause. Comments quote the seed
// phrase that decides each non-obvious one; unspecified means the seed is
// silent on the clause.
var wantTemplateStances = map[string]Stances{
	// Seed 000, the university practice policy.
	"university": {
		// "will not provide you with their personal cell phone number, or email address"
		PersonalContactDetails: "not_shared",
		// "will not accept friend or contact requests": not accepted; no seed
		// policy leaves requests unanswered, so decline is the closest stance.
		Friending:             "decline",
		AccidentalConnections: Unspecified,
		PracticePage:          Unspecified,
		// "If you “follow” your counselor/therapist, she/he will not “follow” you back."
		FollowingClients: "never",
		// Following is listed among the "types of communication/interaction that
		// should not occur": "interacting on them as friends, contacts, or as a
		// follower can compromise your confidentiality and privacy".
		ClientFollowing: "discouraged",
		// "Please do not use any of the messaging functions on any social network sites"
		SocialMessaging:   "not_used",
		PublicInteraction: Unspecified,
		// "please do not use text messaging as a form of communication"
		Texting: "not_used",
		// "Please do not try to communicate with your counselor/therapist by email"
		Email: "not_used",
		// "will not search for you ... Extremely rare exceptions may be made during times of crisis"
		SearchEngines:        "crisis_only",
		BusinessReviews:      Unspecified,
		Testimonials:         Unspecified,
		LocationServices:     Unspecified,
		IncidentalEncounters: Unspecified,
		PolicyUpdates:        Unspecified,
		// "these interactions will become a part of your legal medical record and
		// will need to be documented in your file"
		Records: "documented",
		// No signature block.
		Acknowledgment: Unspecified,
	},
	// Seed 001, the group counseling center policy.
	"group": {
		// "please email, phone, or text (depending on the preference of yourself
		// and your therapist": says how to reach the therapist, not whether a
		// personal number is given.
		PersonalContactDetails: Unspecified,
		// "Our therapists do not accept invitations from current or former clients
		// to participate in their online social networks"
		Friending: "decline",
		// "if they discover that they have accidentally established an online
		// relationship with you, they will cancel that relationship"
		AccidentalConnections: "remove",
		// The center posts "on the SoCalCounseling Facebook page"; "You are
		// welcome to use your own discretion in choosing whether to follow".
		PracticePage: "allowed",
		// "do not communicate with, or contact clients through social media" and
		// "viewing clients’ online activities without their consent ... could
		// potentially have a negative influence on the working relationship"
		FollowingClients: "never",
		// "We have no expectation that you as a client will follow these posts."
		ClientFollowing: "allowed",
		// "Please do not use messaging on social media or networking sites"
		SocialMessaging: "not_used",
		// "Do not use Wall postings, @replies, or other means of engaging with your
		// therapist in public online"
		PublicInteraction: "not_used",
		// "please email, phone, or text": no limit to administrative matters.
		Texting: "allowed",
		Email:   "allowed",
		// "will not use web searches to gather information about you without your
		// permission" plus "extremely rare exceptions may be made during times of crisis"
		SearchEngines:    "with_consent_or_crisis",
		BusinessReviews:  Unspecified,
		Testimonials:     Unspecified,
		LocationServices: Unspecified,
		// "you may encounter them by accident. If that occurs, please discuss it
		// with your therapist during your next session."
		IncidentalEncounters: "discuss_in_session",
		// "Clients will be notified in writing of any policy changes."
		PolicyUpdates: "notify_in_writing",
		// "the exchanges will need to be documented and archived in your client records"
		Records: "documented",
		// Ends with "Thank you for taking the time to review"; no signature block.
		Acknowledgment: Unspecified,
	},
	// Seed 002, the comprehensive template (also the demo's stances).
	"comprehensive": {
		// The phone and email it gives are the practice's ("[Insert your phone
		// number here]"); it never says whether personal ones are shared.
		PersonalContactDetails: Unspecified,
		// "I do not accept friend or contact requests ... please bring them up when we meet"
		Friending:             "decline",
		AccidentalConnections: Unspecified,
		// "I do not accept clients as Fans of this Page."
		PracticePage: "not_accepted",
		// "I do not follow current or former clients on blogs or Twitter."
		FollowingClients: "never",
		// "I have no expectation that you as a client will want to follow my blog
		// or Twitter stream" ... "we may briefly discuss it"
		ClientFollowing: "allowed",
		// "Please do not use ... messaging on Social Networking sites"
		SocialMessaging: "not_used",
		// "Do not use Wall postings, @replies"
		PublicInteraction: "not_used",
		// "Please do not use SMS (mobile phone text messaging)"
		Texting: "not_used",
		// "I prefer using email only to arrange or modify appointments."
		Email: "administrative_only",
		// "It is NOT a regular part of my practice to search for clients ...
		// Extremely rare exceptions may be made during times of crisis."
		SearchEngines: "crisis_only",
		// "I cannot respond to any review on any of these sites whether it is
		// positive or negative."
		BusinessReviews: "no_response",
		// "my Ethics Code prohibits me from requesting testimonials"
		Testimonials: "never_solicit",
		// "I do not place my practice as a check-in location"
		LocationServices: "not_a_checkin_location",
		// Noticing a follow "we may briefly discuss" belongs to client_following;
		// the seed has no passage on meeting by chance online.
		IncidentalEncounters: Unspecified,
		// "I will notify you in writing of any policy changes"
		PolicyUpdates: "notify_in_writing",
		// "these exchanges become a part of your legal medical record and will
		// need to be documented and archived in your chart"
		Records: "documented",
		// "By signing below, I am indicating that I have read this document"
		Acknowledgment: "required",
	},
}

func TestTemplateStances(t *testing.T) {
	got := Templates()
	if len(got) != len(wantTemplateStances) {
		t.Fatalf("got %d templates, want %d", len(got), len(wantTemplateStances))
	}
	for _, tpl := range got {
		want, ok := wantTemplateStances[tpl.ID]
		if !ok {
			t.Errorf("unexpected template %q", tpl.ID)
			continue
		}
		for _, c := range Clauses() {
			if g, w := tpl.Policy.Stances.Get(c), want[c]; g != w {
				t.Errorf("template %s, clause %s: stance %q, want %q", tpl.ID, c, g, w)
			}
		}
		if err := tpl.Policy.ValidateForPublish(); err != nil {
			t.Errorf("template %s does not validate: %v", tpl.ID, err)
		}
		if tpl.Name == "" || len(tpl.Description) < 100 {
			t.Errorf("template %s: name %q, description of %d bytes: want a name and a paragraph", tpl.ID, tpl.Name, len(tpl.Description))
		}
	}
}

func TestTemplateByID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"000", "university"}, {"001", "group"}, {"002", "comprehensive"},
		{"university", "university"}, {"comprehensive", "comprehensive"},
	}
	for _, tt := range tests {
		tpl, ok := TemplateByID(tt.id)
		if !ok || tpl.ID != tt.want {
			t.Errorf("TemplateByID(%q) = %q, %v; want %q", tt.id, tpl.ID, ok, tt.want)
		}
	}
	if _, ok := TemplateByID("003"); ok {
		t.Errorf("TemplateByID(003) found a template; 003 is clinician guidance, not a policy")
	}
}

func TestTemplatesAreCopies(t *testing.T) {
	a := Templates()
	a[0].Policy.Stances[Texting] = "allowed"
	a[0].Policy.Profile.Channels[0].Value = "changed"
	b := Templates()
	if got := b[0].Policy.Stances[Texting]; got != "not_used" {
		t.Errorf("changing a returned template changed the table: texting = %q", got)
	}
	if got := b[0].Policy.Profile.Channels[0].Value; got == "changed" {
		t.Errorf("changing a returned template's channel changed the table")
	}
}

func TestDemoPolicyIsSeed002(t *testing.T) {
	got := DemoPolicy().Stances
	for c, want := range wantTemplateStances["comprehensive"] {
		if got.Get(c) != want {
			t.Errorf("demo clause %s = %q, want %q", c, got.Get(c), want)
		}
	}
}

func TestConductChecklist(t *testing.T) {
	items := ConductChecklist()
	seen := map[string]bool{}
	for _, it := range items {
		if it.ID == "" || it.Title == "" || it.Explanation == "" {
			t.Errorf("incomplete item %+v", it)
		}
		if seen[it.ID] {
			t.Errorf("duplicate item id %q", it.ID)
		}
		seen[it.ID] = true
	}
	// The points of seed 003 the brief names must all be there.
	for _, id := range []string{"privacy_settings", "follower_lists", "old_posts", "standard_response",
		"no_client_posts", "no_venting", "decline_friend_requests", "avoid_liking_causes"} {
		if !seen[id] {
			t.Errorf("checklist lacks %q", id)
		}
	}
	for _, it := range items {
		if it.ID == "no_client_posts" && !strings.Contains(it.Title, "de-identified") {
			t.Errorf("no_client_posts title %q should say even de-identified posts are out", it.Title)
		}
	}
}
