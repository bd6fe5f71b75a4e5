package importer

import (
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper/policy"
)

// TestSentenceTraps checks statements written after the rules, in the ways
// real policies phrase things, that must not yield a wrong stance: passing
// mentions, limits of timing or content, offline encounters, conditions.
func TestSentenceTraps(t *testing.T) {
	const frame = "This policy explains how our practice uses technology. Please ask your therapist about anything unclear. "
	tests := []struct {
		text   string
		clause policy.Clause
		want   policy.Stance
	}{
		{"We post articles and practice news on Facebook.", policy.Friending, policy.Unspecified},
		{"We post articles and practice news on Facebook.", policy.PracticePage, policy.Unspecified},
		{"If we see each other at the grocery store, I will not say hello unless you do.", policy.IncidentalEncounters, policy.Unspecified},
		{"I cannot guarantee that I will read emails on weekends.", policy.Email, policy.Unspecified},
		{"Texts are not encrypted.", policy.Texting, policy.Unspecified},
		{"Do not text me if you are having thoughts of harming yourself; call 988.", policy.Texting, policy.Unspecified},
		{"Appointment reminders are sent by text message.", policy.Texting, policy.Unspecified},
		{"I will not be able to reply to texts during sessions.", policy.Texting, policy.Unspecified},
		{"Many clients find us through Google.", policy.SearchEngines, policy.Unspecified},
		{"Read our reviews on Healthgrades.", policy.BusinessReviews, policy.Unspecified},
		{"Please do not post reviews that include your diagnosis.", policy.BusinessReviews, policy.Unspecified},
		{"We cannot share your information with friends or family without your consent.", policy.Friending, policy.Unspecified},
		{"We cannot share your information with friends or family without your consent.", policy.SearchEngines, policy.Unspecified},
		{"Our office is located in a building with a public check-in desk.", policy.LocationServices, policy.Unspecified},
		{"Emails about scheduling are not placed in your chart, but clinical emails are.", policy.Records, policy.Unspecified},
		{"This policy is reviewed every year.", policy.PolicyUpdates, policy.Unspecified},
		{"Please sign in at the front desk when you arrive.", policy.Acknowledgment, policy.Unspecified},
		{"You will not need a personal email account to use the portal.", policy.PersonalContactDetails, policy.Unspecified},
		{"We do not accept insurance requests by text.", policy.Friending, policy.Unspecified},
		{"The portal, not email, is the place for clinical questions.", policy.Email, policy.Unspecified},
		{"I may not see a direct message on Instagram for several days.", policy.SocialMessaging, policy.Unspecified},
		{"I don't accept friend requests from clients, except on LinkedIn once therapy has ended.", policy.Friending, policy.Unspecified},
		{"\n- Email: Not used for clinical questions.", policy.Email, policy.Unspecified},
		{"If you message me on Instagram, I might not see it for a week.", policy.SocialMessaging, policy.Unspecified},
		{"If I come across your profile, I won't mention it until you are ready.", policy.IncidentalEncounters, policy.Unspecified},
		{"Any communication outside of session may become part of your record if related to treatment.", policy.Records, policy.Unspecified},
		// Stated plainly, in everyday words.
		{"Text messaging is not used for any clinical or administrative communication.", policy.Texting, "not_used"},
		{"Please do not reach out via social media (DMs, comments, mentions) to communicate with your therapist.", policy.SocialMessaging, "not_used"},
		{"\n- Text messages: Not used.", policy.Texting, "not_used"},
		{"If you send me a friend request, I will not respond to it.", policy.Friending, "ignore"},
		{"If you leave a review on Yelp, we may respond with a short thank-you.", policy.BusinessReviews, "may_respond"},
		{"Texting is OK for letting me know you are running late.", policy.Texting, "administrative_only"},
		{"I will not accept friend requests, except from colleagues.", policy.Friending, "decline"},
		{"Copies of texts will be placed in your chart.", policy.Records, "documented"},
		{"You are not required to sign this policy.", policy.Acknowledgment, "not_required"},
		{"I will not search for you online, even if you ask me to.", policy.SearchEngines, "never"},
	}
	for _, tc := range tests {
		res, err := Import(strings.NewReader(frame+tc.text), "p.txt")
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := res.Stances[tc.clause]; got != tc.want {
			t.Errorf("%q: %s = %s, want %s (evidence %q)", tc.text, tc.clause, got, tc.want, res.Evidence[tc.clause])
		}
	}
}
