package policy

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
)

// maxGrade is the highest Flesch-Kincaid grade a section may read at.
const maxGrade = 9.0

func TestTemplateSectionsReadability(t *testing.T) {
	for _, tpl := range Templates() {
		d := NewDocument(tpl.Policy, DocumentOptions{})
		for _, s := range d.Sections {
			text := PlainText(s.Body)
			if g := FleschKincaidGrade(text); g > maxGrade {
				t.Errorf("template %s, section %s: grade %.1f, want <= %.0f\n%s", tpl.ID, s.ID, g, maxGrade, text)
			}
		}
		if d.Signature != nil {
			if g := FleschKincaidGrade(d.Signature.Statement); g > maxGrade {
				t.Errorf("template %s, signature statement: grade %.1f, want <= %.0f", tpl.ID, g, maxGrade)
			}
		}
	}
}

// Every stance's text, not only the templates' choices, meets the same bar,
// so a practice that changes a stance still gets a readable policy.
func TestEveryStanceReadability(t *testing.T) {
	pr := DemoPolicy().Profile
	for _, ci := range Catalog() {
		ct, ok := clauseTexts[ci.Clause]
		if !ok || ct.Heading == "" || ct.Topic == "" {
			t.Errorf("clause %s has no heading or topic", ci.Clause)
			continue
		}
		for _, si := range ci.Stances {
			if ct.Body[si.Stance] == "" || ct.Now[si.Stance] == "" {
				t.Errorf("clause %s, stance %s: no body or change sentence", ci.Clause, si.Stance)
				continue
			}
			text := PlainText(clauseBody(ci.Clause, si.Stance, pr))
			if g := FleschKincaidGrade(text); g > maxGrade {
				t.Errorf("clause %s, stance %s: grade %.1f, want <= %.0f", ci.Clause, si.Stance, g, maxGrade)
			}
			if g := FleschKincaidGrade(ct.Now[si.Stance]); g > maxGrade+1 {
				t.Errorf("clause %s, stance %s: change sentence grade %.1f", ci.Clause, si.Stance, g)
			}
		}
	}
}

func TestDocumentSections(t *testing.T) {
	tests := []struct {
		template string
		want     []string
	}{
		{"university", []string{"introduction", "emergency", "why", "contact",
			"personal_contact_details", "friending", "following_clients", "client_following",
			"social_messaging", "texting", "email", "search_engines", "records", "questions"}},
		{"comprehensive", []string{"introduction", "emergency", "why", "contact",
			"friending", "practice_page", "following_clients", "client_following", "social_messaging",
			"public_interaction", "texting", "email", "search_engines", "business_reviews", "testimonials",
			"location_services", "policy_updates", "records", "questions", "acknowledgment"}},
	}
	for _, tt := range tests {
		tpl, _ := TemplateByID(tt.template)
		d := NewDocument(tpl.Policy, DocumentOptions{})
		var got []string
		for _, s := range d.Sections {
			got = append(got, s.ID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s sections:\n got %v\nwant %v", tt.template, got, tt.want)
		}
	}
}

func TestDocumentProfileAndSignature(t *testing.T) {
	p := DemoPolicy()
	p.Profile.PracticeName = "Zoë Ångström-Nuñez Therapy"
	p.Profile.CrisisText = ""
	p.Profile.Channels = []Channel{
		{Kind: "portal", Value: "portal.example.com"},
		{Kind: "phone", Value: "(555) 010-0101", Note: "weekdays"},
		{Kind: "pigeon", Value: "the roof"},
	}
	when := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	d := NewDocument(p, DocumentOptions{Signers: 3, Version: 4, EffectiveAt: when})

	if d.Practice != p.Profile.PracticeName {
		t.Errorf("Practice = %q, want %q", d.Practice, p.Profile.PracticeName)
	}
	if got, want := d.VersionLine(), "Version 4, effective June 1, 2025"; got != want {
		t.Errorf("VersionLine = %q, want %q", got, want)
	}
	em, _ := d.Section(SectionEmergency)
	if !strings.Contains(PlainText(em.Body), DefaultCrisisText) {
		t.Errorf("emergency section lacks the default crisis text:\n%s", em.Body)
	}
	contact, _ := d.Section(SectionContact)
	iPortal := strings.Index(contact.Body, "Client portal")
	iPhone := strings.Index(contact.Body, "Phone")
	iOther := strings.Index(contact.Body, "pigeon")
	if iPortal < 0 || iPhone < 0 || iOther < 0 || !(iPortal < iPhone && iPhone < iOther) {
		t.Errorf("contact channels not all present in order (portal %d, phone %d, other %d):\n%s", iPortal, iPhone, iOther, contact.Body)
	}
	if !strings.Contains(contact.Body, "(weekdays)") {
		t.Errorf("contact lacks the channel note:\n%s", contact.Body)
	}
	if d.Signature == nil {
		t.Fatalf("acknowledgment required but no signature block")
	}
	var labels []string
	for _, l := range d.Signature.Lines {
		labels = append(labels, l.Label)
	}
	if got, want := strings.Join(labels, ","), "Client,Client,Client,Therapist"; got != want {
		t.Errorf("signature lines = %s, want %s", got, want)
	}
	md := d.Markdown()
	for _, want := range []string{"# Social Media and Electronic Communication Policy", "Zoë Ångström-Nuñez Therapy",
		"## Your signature", "Therapist: ____", "*Version 4, effective June 1, 2025*"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if n := strings.Count(md, "Date: ____"); n != 4 {
		t.Errorf("Markdown has %d date lines, want 4", n)
	}

	p.Profile.CrisisText = "Call the campus line at (555) 010-0911."
	em, _ = NewDocument(p, DocumentOptions{}).Section(SectionEmergency)
	if !strings.Contains(PlainText(em.Body), "Call the campus line at (555) 010-0911.") {
		t.Errorf("emergency section lacks the profile's crisis text:\n%s", em.Body)
	}
}

func TestDocumentOverridesAndSilence(t *testing.T) {
	p := DemoPolicy()
	p.Stances[Testimonials] = Unspecified
	p.Overrides = map[Clause]string{
		Texting:      "  We text **only** to confirm visits.  ",
		Email:        "   ", // blank: the generated text stays
		Testimonials: "Ignored: the policy is silent here.",
	}
	d := NewDocument(p, DocumentOptions{})
	tx, _ := d.Section(string(Texting))
	if tx.Body != "We text **only** to confirm visits." || !tx.Overridden {
		t.Errorf("texting section = %q (overridden %v), want the override", tx.Body, tx.Overridden)
	}
	em, _ := d.Section(string(Email))
	if em.Overridden || em.Body != clauseBody(Email, "administrative_only", p.Profile) {
		t.Errorf("email section was replaced by a blank override: %q", em.Body)
	}
	if _, ok := d.Section(string(Testimonials)); ok {
		t.Errorf("a silent clause got a section")
	}
	if d2 := NewDocument(Policy{Stances: Stances{Acknowledgment: "not_required"}}, DocumentOptions{}); d2.Signature != nil {
		t.Errorf("signature block although no signature is required")
	}
}

func TestMarkdownEscapesProfile(t *testing.T) {
	p := DemoPolicy()
	p.Profile.PracticeName = "Evil <script>alert(1)</script> [x](javascript:alert(1)) *Clinic*"
	p.Profile.Channels = []Channel{{Kind: "phone", Value: "1. ==\n# heading"}}
	md := NewDocument(p, DocumentOptions{}).Markdown()
	for _, bad := range []string{"<script>", "[x](javascript", "*Clinic*", "\n# heading"} {
		if strings.Contains(md, bad) {
			t.Errorf("profile text %q reached the Markdown unescaped", bad)
		}
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		p       Policy
		publish bool
		field   string // "" when valid
	}{
		{"template", DemoPolicy(), true, ""},
		{"bad stance", Policy{Stances: Stances{Texting: "sometimes"}}, false, "clauses.texting"},
		{"unknown override", Policy{Overrides: map[Clause]string{"fax": "x"}}, false, "overrides.fax"},
		{"long override", Policy{Overrides: map[Clause]string{Email: strings.Repeat("a", MaxOverrideLen+1)}}, false, "overrides.email"},
		{"draft without name", Policy{Stances: Stances{Texting: "not_used"}}, false, ""},
		{"publish without name", Policy{Stances: Stances{Texting: "not_used"}}, true, "profile.practice_name"},
	}
	for _, tt := range tests {
		var err error
		if tt.publish {
			err = tt.p.ValidateForPublish()
		} else {
			err = tt.p.Validate()
		}
		if got := errField(err); got != tt.field {
			t.Errorf("%s: error field %q (%v), want %q", tt.name, got, err, tt.field)
		}
	}
	v := Version{Number: 0, Policy: DemoPolicy(), EffectiveAt: time.Now()}
	if errField(v.Validate()) != "number" {
		t.Errorf("version 0 validated")
	}
	v.Number = 1
	if err := v.Validate(); err != nil {
		t.Errorf("valid version: %v", err)
	}
}

// The generated text is our own: no run of eight words from a seed policy
// appears in it.
func TestDocumentDoesNotCopySeeds(t *testing.T) {
	files, _ := filepath.Glob("../../shared/seeds/00[0-3]_*.txt")
	if len(files) == 0 {
		t.Skip("seeds not found at ../../shared/seeds; skipping the copy check")
	}
	words := regexp.MustCompile(`[a-z']+`)
	shingles := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := words.FindAllString(strings.ToLower(strings.ReplaceAll(string(b), "’", "'")), -1)
		for i := 0; i+8 <= len(w); i++ {
			shingles[strings.Join(w[i:i+8], " ")] = filepath.Base(f)
		}
	}
	var all []string
	for _, tpl := range Templates() {
		all = append(all, NewDocument(tpl.Policy, DocumentOptions{}).Markdown())
	}
	for _, ci := range Catalog() {
		for _, si := range ci.Stances {
			all = append(all, clauseTexts[ci.Clause].Body[si.Stance])
		}
	}
	for _, text := range all {
		w := words.FindAllString(strings.ToLower(text), -1)
		for i := 0; i+8 <= len(w); i++ {
			if src, ok := shingles[strings.Join(w[i:i+8], " ")]; ok {
				t.Errorf("generated text copies %q from %s", strings.Join(w[i:i+8], " "), src)
			}
		}
	}
}

func errField(err error) string {
	if err == nil {
		return ""
	}
	var e *framekeeper.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 {
		return "?"
	}
	for k := range e.Fields {
		return k
	}
	return "?"
}
