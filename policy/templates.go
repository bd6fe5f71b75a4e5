package policy

import "sync"

// Template is a built-in starting point for a practice's policy: the stances
// of one of the source policies, with a fictional profile to replace.
type Template struct {
	ID          string // stable identifier used by the CLI, API and UI
	Seed        string // the source policy's number, as the CLI also accepts it
	Name        string
	Description string
	Policy      Policy
}

// Template identifiers.
const (
	TemplateUniversity    = "university"
	TemplateGroup         = "group"
	TemplateComprehensive = "comprehensive"
)

// templates is built once; Templates and TemplateByID hand out deep copies so
// the table is never changed by a caller.
var templates = sync.OnceValue(func() []Template {
	return []Template{
		{
			ID:   TemplateUniversity,
			Seed: "000",
			Name: "University counseling practice",
			Description: "A short, firm policy for a practice where all contact goes through the front office. " +
				"Therapists never share personal numbers, decline friend requests, never follow clients back, " +
				"and do not use social media messages, texts or email. They search for a client online only in a " +
				"crisis, and online contact becomes part of the record. It says nothing about reviews, " +
				"testimonials, check-ins or how changes are announced, and asks for no signature.",
			Policy: Policy{
				Profile: Profile{
					PracticeName:   "Hillcrest University Counseling Center",
					TherapistNames: []string{"Dr. Morgan Avery", "Sam Okafor, LPC"},
					OfficeAddress:  "Student Wellness Building, Room 210, 1200 College Way, Hillcrest, NV 89000",
					OfficePhone:    "(555) 010-0142",
					AdminEmail:     "counseling@hillcrest.example.org",
					Website:        "https://hillcrest.example.org/counseling",
					BoardName:      "State Board of Examiners for Counselors",
					BoardContact:   "(555) 010-0199",
					Channels: []Channel{
						{Kind: "phone", Value: "(555) 010-0142", Note: "the front desk, weekdays 8 a.m. to 5 p.m."},
					},
				},
				Stances: Stances{
					PersonalContactDetails: "not_shared",
					Friending:              "decline",
					AccidentalConnections:  Unspecified,
					PracticePage:           Unspecified,
					FollowingClients:       "never",
					ClientFollowing:        "discouraged",
					SocialMessaging:        "not_used",
					PublicInteraction:      Unspecified,
					Texting:                "not_used",
					Email:                  "not_used",
					SearchEngines:          "crisis_only",
					BusinessReviews:        Unspecified,
					Testimonials:           Unspecified,
					LocationServices:       Unspecified,
					IncidentalEncounters:   Unspecified,
					PolicyUpdates:          Unspecified,
					Records:                "documented",
					Acknowledgment:         Unspecified,
				},
			},
		},
		{
			ID:   TemplateGroup,
			Seed: "001",
			Name: "Group counseling center",
			Description: "A policy for a group practice whose therapists keep social media for personal and " +
				"marketing use only. Clients may reach their therapist by phone, email or text, may follow the " +
				"center's posts if they wish, and are asked to raise chance meetings online in session. " +
				"Therapists remove any connection with a client they find, search online only with permission " +
				"or in a crisis, and tell clients in writing when the policy changes.",
			Policy: Policy{
				Profile: Profile{
					PracticeName:   "Bayview Counseling Collective",
					TherapistNames: []string{"Dr. Priya Raman", "Jordan Ellis, LMFT", "Zoë Ångström-Nuñez, LCSW"},
					OfficeAddress:  "48 Harbor Street, Suite 3, Bayview, CA 90000",
					OfficePhone:    "(555) 010-0177",
					AdminEmail:     "hello@bayview.example.org",
					Website:        "https://bayview.example.org",
					BoardName:      "Board of Behavioral Sciences",
					BoardContact:   "(555) 010-0190",
					Channels: []Channel{
						{Kind: "phone", Value: "(555) 010-0177"},
						{Kind: "email", Value: "hello@bayview.example.org"},
						{Kind: "text", Value: "(555) 010-0178", Note: "if you and your therapist agree to it"},
					},
				},
				Stances: Stances{
					PersonalContactDetails: Unspecified,
					Friending:              "decline",
					AccidentalConnections:  "remove",
					PracticePage:           "allowed",
					FollowingClients:       "never",
					ClientFollowing:        "allowed",
					SocialMessaging:        "not_used",
					PublicInteraction:      "not_used",
					Texting:                "allowed",
					Email:                  "allowed",
					SearchEngines:          "with_consent_or_crisis",
					BusinessReviews:        Unspecified,
					Testimonials:           Unspecified,
					LocationServices:       Unspecified,
					IncidentalEncounters:   "discuss_in_session",
					PolicyUpdates:          "notify_in_writing",
					Records:                "documented",
					Acknowledgment:         Unspecified,
				},
			},
		},
		{
			ID:   TemplateComprehensive,
			Seed: "002",
			Name: "Comprehensive private practice",
			Description: "The most complete starting point, for a solo or small private practice. It covers friend " +
				"requests, the practice's page, following, messages and public posts, text and email, searches, " +
				"review sites, testimonials and check-ins. Email is for scheduling only and texts are not used. " +
				"Clients are told in writing of every change and sign to say they have read the policy.",
			Policy: Policy{
				Profile: Profile{
					PracticeName:   "Cedar Lane Psychology",
					TherapistNames: []string{"Dr. Łukasz Nowak"},
					OfficeAddress:  "215 Cedar Lane, Floor 2, Springfield, OR 97000",
					OfficePhone:    "(555) 010-0123",
					AdminEmail:     "office@cedarlane.example.com",
					Website:        "https://cedarlane.example.com",
					BoardName:      "State Board of Psychology",
					BoardContact:   "(555) 010-0188, https://psychboard.example.org",
					Channels: []Channel{
						{Kind: "phone", Value: "(555) 010-0123"},
						{Kind: "email", Value: "office@cedarlane.example.com", Note: "for quick scheduling questions"},
					},
				},
				Stances: Stances{
					PersonalContactDetails: Unspecified,
					Friending:              "decline",
					AccidentalConnections:  Unspecified,
					PracticePage:           "not_accepted",
					FollowingClients:       "never",
					ClientFollowing:        "allowed",
					SocialMessaging:        "not_used",
					PublicInteraction:      "not_used",
					Texting:                "not_used",
					Email:                  "administrative_only",
					SearchEngines:          "crisis_only",
					BusinessReviews:        "no_response",
					Testimonials:           "never_solicit",
					LocationServices:       "not_a_checkin_location",
					IncidentalEncounters:   Unspecified,
					PolicyUpdates:          "notify_in_writing",
					Records:                "documented",
					Acknowledgment:         "required",
				},
			},
		},
	}
})

// Templates returns the built-in templates in a stable order.
func Templates() []Template {
	src := templates()
	out := make([]Template, len(src))
	for i, t := range src {
		out[i] = t
		out[i].Policy = t.Policy.Clone()
	}
	return out
}

// TemplateByID returns the template with the given id or seed number
// ("comprehensive" or "002").
func TemplateByID(id string) (Template, bool) {
	for _, t := range Templates() {
		if t.ID == id || t.Seed == id {
			return t, true
		}
	}
	return Template{}, false
}

// DemoPolicy is the policy of the demo practice: the stances of the
// comprehensive template (seed 002), as the contract asks.
func DemoPolicy() Policy {
	t, _ := TemplateByID(TemplateComprehensive)
	return t.Policy
}

// ConductItem is one point of the clinician's own conduct online.
type ConductItem struct {
	ID          string
	Title       string
	Explanation string
}

// ConductChecklist returns the guidance for clinicians who use social media
// (seed 003) as a checklist a therapist can tick through.
func ConductChecklist() []ConductItem {
	return []ConductItem{
		{"privacy_settings", "Review your privacy settings",
			"Limit who can see your full profile on each site. No setting is fully safe: one leak or hacked account can expose it, so post as if anyone might read it."},
		{"follower_lists", "Check your follower and following lists",
			"Look for clients, former clients and their relatives among the people you follow and who follow you. A visible link can reveal that someone is in therapy."},
		{"old_posts", "Review old posts and photos",
			"Go through what you have posted before and check your pages regularly. Take down photos and posts that would look unprofessional to a client."},
		{"standard_response", "Have a standard response ready",
			"Prepare a short, kind reply for clients and their friends or family who ask to connect with you, and plan to talk about it at the next session."},
		{"decline_friend_requests", "Decline friend requests and discuss them in session",
			"Decline requests from current and former clients politely. Treat a request like an invitation to a social event: talk about it in the next session. A former client may want to return to therapy."},
		{"no_client_posts", "Never post about clients, even de-identified",
			"Changing names or details does not make it respectful. Even \"my clients gave me a rough time today\" harms trust; keep such talk at the place of practice."},
		{"no_venting", "Do not vent online",
			"Do not blow off steam about clients, colleagues, your boss or your workplace on social media or a blog. Take it to supervision or another confidential setting."},
		{"avoid_liking_causes", "Avoid liking groups or causes",
			"Any opinion you express online can become a topic in a client's next session. Think before you like, share or join."},
		{"consistent_blog", "Keep your blog consistent with your work",
			"A client may read what you write. A blog that runs against what you say in session can damage the therapeutic relationship."},
		{"no_client_searches", "Do not search for clients online",
			"Clients will likely look you up; that is a chance to talk about boundaries. Searching for them undermines their choice of what to share and when."},
		{"digital_trail", "Remember that everything leaves a trail",
			"Posts thought to be anonymous can be traced back to you. Post with the limits of online confidentiality in mind."},
		{"informed_consent", "Put your social media policy in your informed consent",
			"Explain in clear language how your practice handles electronic contact and the limits of confidentiality, leave time for questions, and update it as technology changes."},
	}
}
