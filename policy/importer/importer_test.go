package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// want is an expected-stance table: every clause not named is expected to be
// unspecified, and each clause is checked on its own.
type want map[policy.Clause]policy.Stance

// importCases are the seed policies and the hand-written test policies in
// testdata, each with the stances a careful reader takes from it.
var importCases = []struct {
	file    string
	stances want
	profile policy.Profile // fields set here are checked; empty fields must stay empty
}{
	{"seeds/000_4dcb61a9db148f58.txt", want{
		policy.PersonalContactDetails: "not_shared",
		policy.Friending:              "decline",
		policy.FollowingClients:       "never",
		policy.SocialMessaging:        "not_used",
		policy.Texting:                "not_used",
		policy.Email:                  "not_used",
		policy.SearchEngines:          "crisis_only",
		policy.Records:                "documented",
	}, policy.Profile{OfficePhone: "(702) 895-1532", Channels: []policy.Channel{{Kind: "phone", Value: "(702) 895-1532"}}}},
	{"seeds/001_e24cd99463c59095.txt", want{
		policy.Friending:             "decline",
		policy.AccidentalConnections: "remove",
		policy.ClientFollowing:       "allowed",
		policy.SocialMessaging:       "not_used",
		policy.PublicInteraction:     "not_used",
		policy.Texting:               "allowed",
		policy.Email:                 "allowed",
		policy.SearchEngines:         "with_consent_or_crisis",
		policy.IncidentalEncounters:  "discuss_in_session",
		policy.PolicyUpdates:         "notify_in_writing",
		policy.Records:               "documented",
	}, policy.Profile{PracticeName: "SoCal Counseling Center", Channels: []policy.Channel{{Kind: "email"}, {Kind: "phone"}, {Kind: "text"}}}},
	{"seeds/002_416677edcf949b8a.txt", want{
		policy.Friending:         "decline",
		policy.PracticePage:      "not_accepted",
		policy.FollowingClients:  "never",
		policy.ClientFollowing:   "allowed",
		policy.SocialMessaging:   "not_used",
		policy.PublicInteraction: "not_used",
		policy.Texting:           "not_used",
		policy.Email:             "administrative_only",
		policy.SearchEngines:     "crisis_only",
		policy.BusinessReviews:   "no_response",
		policy.Testimonials:      "never_solicit",
		policy.LocationServices:  "not_a_checkin_location",
		policy.PolicyUpdates:     "notify_in_writing",
		policy.Records:           "documented",
		policy.Acknowledgment:    "required",
	}, policy.Profile{BoardName: "Board of Psychology", Channels: []policy.Channel{{Kind: "phone"}, {Kind: "email"}}}},
	// Guidance for clinicians and a blog post are not policies.
	{"seeds/003_a5e7776265497ded.txt", want{}, policy.Profile{}},
	{"seeds/004_18fa8f11333c18cd.txt", want{}, policy.Profile{}},
	{"policies/blog_musing.md", want{}, policy.Profile{}},

	// "We", texting allowed for scheduling only, a crisis line that says "do not text".
	{"policies/we_texting_scheduling.txt", want{
		policy.Friending:     "decline",
		policy.Texting:       "administrative_only",
		policy.Email:         "administrative_only",
		policy.PolicyUpdates: "notify_in_writing",
	}, policy.Profile{
		PracticeName:  "Bright Path Counseling, LLC",
		OfficeAddress: "2100 Alder Street, Suite 4, Portland, OR 97205",
		OfficePhone:   "(503) 555-0142",
		CrisisText:    "If you are in crisis, do not text: call or text 988 or call 911.",
	}},
	// Declines current clients but accepts former ones after two years: the
	// text points both ways, so friending stays unspecified.
	{"policies/former_clients_years.md", want{
		policy.FollowingClients: "never",
		policy.SocialMessaging:  "not_used",
	}, policy.Profile{TherapistNames: []string{"Maya Ortiz"}}},
	// Only former clients, after two years: accept. A bulleted list with run-in labels.
	{"policies/former_only.md", want{
		policy.Friending:       "accept",
		policy.BusinessReviews: "may_respond",
		policy.PolicyUpdates:   "post_online",
	}, policy.Profile{}},
	// HTML with a script, navigation and a cookie banner; responds to reviews.
	{"policies/reviews_respond.html", want{
		policy.Friending:         "decline",
		policy.PracticePage:      "allowed",
		policy.PublicInteraction: "not_used",
		policy.Email:             "allowed",
		policy.BusinessReviews:   "may_respond",
	}, policy.Profile{
		PracticeName:  "Harbor Light Therapy Group",
		OfficeAddress: "45 Seaport Boulevard, Suite 300, Boston, MA 02210",
		OfficePhone:   "(617) 555-0188",
		AdminEmail:    "frontdesk@harborlighttherapy.com",
		Website:       "www.harborlighttherapy.com",
		CrisisText:    "If you are in crisis, call or text 988, call 911, or go to the nearest emergency room.",
		Channels:      []policy.Channel{{Kind: "phone", Value: "(617) 555-0188"}, {Kind: "email", Value: "frontdesk@harborlighttherapy.com"}},
	}},
	// Solicits testimonials, uses email freely, Markdown with setext headings.
	{"policies/solicit_testimonials.md", want{
		policy.Testimonials:   "may_solicit",
		policy.Email:          "allowed",
		policy.Texting:        "not_used",
		policy.SearchEngines:  "never",
		policy.Acknowledgment: "required",
	}, policy.Profile{PracticeName: "Sunrise Wellness Studio", AdminEmail: "hello@sunrisewellness.co", Channels: []policy.Channel{{Kind: "email", Value: "hello@sunrisewellness.co"}}}},
	// Search with consent, headings without blank lines.
	{"policies/search_consent.txt", want{
		policy.PersonalContactDetails: "not_shared",
		policy.SearchEngines:          "with_consent_or_crisis",
		policy.LocationServices:       "not_a_checkin_location",
		policy.Acknowledgment:         "required",
	}, policy.Profile{PracticeName: "Northside Family Counseling", OfficePhone: "312-555-0147", Channels: []policy.Channel{{Kind: "phone", Value: "312-555-0147"}}}},
	// Email used freely, even though scheduling is one of its uses.
	{"policies/email_freely.html", want{
		policy.Friending:        "decline",
		policy.FollowingClients: "never",
		policy.SocialMessaging:  "not_used",
		policy.Texting:          "not_used",
		policy.Email:            "allowed",
	}, policy.Profile{Channels: []policy.Channel{{Kind: "email"}}}},
	// Keeps accidental connections; chance encounters need no action.
	{"policies/keep_accidental.txt", want{
		policy.AccidentalConnections: "keep",
		policy.FollowingClients:      "never",
		policy.IncidentalEncounters:  "no_action",
	}, policy.Profile{}},
	// No page; updates discussed in session.
	{"policies/no_page.md", want{
		policy.Friending:         "decline",
		policy.PracticePage:      "no_page",
		policy.PublicInteraction: "not_used",
		policy.PolicyUpdates:     "notify_in_session",
		policy.Records:           "documented",
	}, policy.Profile{PracticeName: "Cedar Grove Psychotherapy"}},
	// "Our therapists", a numbered list with bold lead-ins.
	{"policies/bulleted_our_therapists.md", want{
		policy.PersonalContactDetails: "not_shared",
		policy.Friending:              "ignore",
		policy.ClientFollowing:        "discouraged",
		policy.SocialMessaging:        "not_used",
		policy.Email:                  "administrative_only",
		policy.Texting:                "administrative_only",
		policy.IncidentalEncounters:   "discuss_in_session",
	}, policy.Profile{PracticeName: "Cornerstone Counseling Associates", OfficeAddress: "88 Market Street, Lancaster, PA 17603", OfficePhone: "(717) 555-0100"}},
	// PDF artefacts: letter-spaced and split words, curly quotes, hyphenation.
	{"policies/pdf_artefacts.txt", want{
		policy.Friending:        "decline",
		policy.Texting:          "not_used",
		policy.Email:            "administrative_only",
		policy.FollowingClients: "never",
		policy.SearchEngines:    "crisis_only",
		policy.BusinessReviews:  "no_response",
	}, policy.Profile{PracticeName: "Riverbend Counseling Center"}},
	// Ignores requests, discourages following; comments both allowed and
	// unanswered (unclear, so unspecified); records conditional (unspecified).
	{"policies/ignore_discouraged.txt", want{
		policy.Friending:       "ignore",
		policy.ClientFollowing: "discouraged",
		policy.Acknowledgment:  "not_required",
	}, policy.Profile{}},
}

func mustImport(tb testing.TB, file string) Result {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	res, err := Import(f, file)
	if err != nil {
		tb.Fatalf("Import(%s): %v", file, err)
	}
	return res
}

func TestImportStances(t *testing.T) {
	for _, tc := range importCases {
		t.Run(tc.file, func(t *testing.T) {
			res := mustImport(t, tc.file)
			for _, c := range policy.Clauses() {
				st, ok := res.Stances[c]
				if !ok {
					t.Errorf("%s missing", c)
					continue
				}
				wantSt := tc.stances[c]
				if wantSt == "" {
					wantSt = policy.Unspecified
				}
				if st != wantSt {
					t.Errorf("%s = %s, want %s (evidence %q)", c, st, wantSt, res.Evidence[c])
				}
				if st != policy.Unspecified && len(res.Evidence[c]) == 0 {
					t.Errorf("%s = %s with no evidence", c, st)
				}
			}
			if err := res.Stances.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestImportProfile(t *testing.T) {
	for _, tc := range importCases {
		t.Run(tc.file, func(t *testing.T) {
			got, w := mustImport(t, tc.file).Profile, tc.profile
			fields := []struct{ name, got, want string }{
				{"practice_name", got.PracticeName, w.PracticeName},
				{"office_address", got.OfficeAddress, w.OfficeAddress},
				{"office_phone", got.OfficePhone, w.OfficePhone},
				{"admin_email", got.AdminEmail, w.AdminEmail},
				{"website", got.Website, w.Website},
				{"board_name", got.BoardName, w.BoardName},
				{"crisis_text", got.CrisisText, w.CrisisText},
			}
			for _, f := range fields {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if !slices.Equal(got.TherapistNames, w.TherapistNames) {
				t.Errorf("therapist_names = %q, want %q", got.TherapistNames, w.TherapistNames)
			}
			if !slices.Equal(got.Channels, w.Channels) {
				t.Errorf("channels = %+v, want %+v", got.Channels, w.Channels)
			}
		})
	}
}

// TestNonPolicyNote checks that guidance and blog posts are flagged for the
// reviewer rather than silently returning nothing.
func TestNonPolicyNote(t *testing.T) {
	for _, file := range []string{"seeds/003_a5e7776265497ded.txt", "seeds/004_18fa8f11333c18cd.txt", "policies/blog_musing.md"} {
		if res := mustImport(t, file); len(res.Notes) == 0 {
			t.Errorf("%s: no note that the text is not a policy", file)
		}
	}
	if res := mustImport(t, "seeds/002_416677edcf949b8a.txt"); len(res.Notes) != 0 {
		t.Errorf("seed 002: notes %q, want none", res.Notes)
	}
}

// TestScriptsIgnored checks that script text never reaches the rules or the
// evidence (the test page's script says "I will accept every friend request").
func TestScriptsIgnored(t *testing.T) {
	res := mustImport(t, "policies/reviews_respond.html")
	for c, ev := range res.Evidence {
		for _, e := range ev {
			if strings.Contains(e, "document.write") || strings.Contains(e, "accept every") || strings.Contains(e, "cookies") {
				t.Errorf("%s evidence holds page noise: %q", c, e)
			}
		}
	}
}

func TestConflictReported(t *testing.T) {
	res := mustImport(t, "policies/former_clients_years.md")
	got := res.Conflicts[policy.Friending]
	if !slices.Contains(got, "decline") || !slices.Contains(got, "accept") {
		t.Errorf("conflicts[friending] = %q, want decline and accept", got)
	}
	if len(res.Evidence[policy.Friending]) == 0 {
		t.Error("no evidence for the conflicting friending statements")
	}
}

func TestImportBadInput(t *testing.T) {
	tests := []struct {
		name, in, code string
	}{
		{"empty", "", framekeeper.EINVALID},
		{"blank", " \n\t\n", framekeeper.EINVALID},
		{"nul", "policy\x00\x01\x02", framekeeper.EUNSUPPORTED},
		{"invalid utf-8", "I do not accept friend requests \xff\xfe\xfd", framekeeper.EUNSUPPORTED},
		{"pdf", "%PDF-1.7\n1 0 obj", framekeeper.EUNSUPPORTED},
		{"utf-16", "\xff\xfeI\x00", framekeeper.EUNSUPPORTED},
		{"controls", strings.Repeat("\x01\x02\x03abc", 50), framekeeper.EUNSUPPORTED},
		{"html without text", "<html><script>alert(1)</script></html>", framekeeper.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(strings.NewReader(tc.in), "x")
			if got := framekeeper.ErrorCode(err); got != tc.code {
				t.Errorf("error code = %q (%v), want %q", got, err, tc.code)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestImportTooLarge(t *testing.T) {
	_, err := Import(strings.NewReader(strings.Repeat("a", MaxSize+1)), "big.txt")
	if got := framekeeper.ErrorCode(err); got != framekeeper.ETOOLARGE {
		t.Errorf("error code = %q, want %q", got, framekeeper.ETOOLARGE)
	}
}

// TestSentenceRules checks single statements against the rules, including
// negations and limits that must not flip a stance.
func TestSentenceRules(t *testing.T) {
	const frame = "This policy explains how I use social media. Please ask your therapist about anything unclear. "
	tests := []struct {
		text   string
		clause policy.Clause
		want   policy.Stance
	}{
		{"I do not text clients.", policy.Texting, "not_used"},
		{"You may text me to reschedule an appointment.", policy.Texting, "administrative_only"},
		{"Please do not text me about clinical matters.", policy.Texting, policy.Unspecified},
		{"If you are in crisis, please do not text me; call 911.", policy.Texting, policy.Unspecified},
		{"I will not respond to texts after hours.", policy.Texting, policy.Unspecified},
		{"You are welcome to text me.", policy.Texting, "allowed"},
		{"You may not text me.", policy.Texting, "not_used"},
		{"Email is not secure.", policy.Email, policy.Unspecified},
		{"I never search for clients online, even with your permission.", policy.SearchEngines, "never"},
		{"I will only look you up online with your permission.", policy.SearchEngines, "with_consent_or_crisis"},
		{"We will not respond to reviews.", policy.BusinessReviews, "no_response"},
		{"We may ask you for a testimonial.", policy.Testimonials, "may_solicit"},
		{"We never ask clients for testimonials.", policy.Testimonials, "never_solicit"},
		{"Please do not follow your therapist on Instagram.", policy.FollowingClients, policy.Unspecified},
		{"Please do not follow your therapist on Instagram.", policy.ClientFollowing, "discouraged"},
		{"I will not follow you back.", policy.FollowingClients, "never"},
		{"Friend requests will be declined.", policy.Friending, "decline"},
		{"I accept LinkedIn connection requests from former clients.", policy.Friending, "accept"},
		{"I do not accept clients as followers of our Facebook page.", policy.PracticePage, "not_accepted"},
		{"I do not accept clients as followers of our Facebook page.", policy.Friending, policy.Unspecified},
		{"We do not have a personal social media account.", policy.PracticePage, policy.Unspecified},
		{"Your emails will become part of your clinical record.", policy.Records, "documented"},
		{"Clients will be told of changes to this policy in session.", policy.PolicyUpdates, "notify_in_session"},
		{"Would you accept a friend request from a client?", policy.Friending, policy.Unspecified},
		{"I am not listed as a check-in location on any app.", policy.LocationServices, "not_a_checkin_location"},
		{"I do not friend current or former clients.", policy.Friending, "decline"},
		{"Text messages should not be used to contact your therapist.", policy.Texting, "not_used"},
		{"Email should not be used for emergencies.", policy.Email, policy.Unspecified},
		{"I do not use email or text messaging for clinical communication.", policy.Email, policy.Unspecified},
		{"I will not be able to respond to reviews on Yelp.", policy.BusinessReviews, "no_response"},
		{"I will never ask you to write a review.", policy.Testimonials, "never_solicit"},
		{"You will be notified of any changes to this policy.", policy.PolicyUpdates, policy.Unspecified},
	}
	for _, tc := range tests {
		res, err := Import(strings.NewReader(frame+tc.text), "p.txt")
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := res.Stances[tc.clause]; got != tc.want {
			t.Errorf("%q: %s = %s, want %s", tc.text, tc.clause, got, tc.want)
		}
	}
}

// TestShortPolicy checks that a one-line policy is still read as a policy.
func TestShortPolicy(t *testing.T) {
	res, err := Import(strings.NewReader("Our therapists do not accept friend requests from clients."), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stances[policy.Friending]; got != "decline" {
		t.Errorf("friending = %s, want decline (notes %q)", got, res.Notes)
	}
}
