package triage

import (
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

func TestValidateTemplate(t *testing.T) {
	tests := []struct {
		name, text string
		wantErr    string // part of the message; "" for valid
	}{
		{"plain", "Thank you. Please call us.", ""},
		{"all placeholders", "{practice} {contact} {crisis} {phone} {email} {website}", ""},
		{"quotes the message", "You wrote: {text}", "quote the sender's message"},
		{"quotes the body", "Re: {message_body}", "quote the sender's message"},
		{"unknown", "Dear {patient}", "unknown placeholder {patient}"},
		{"unclosed", "Call {contact", "without a matching '}'"},
		{"nested", "Call {con{tact}", "without a matching '}'"},
		{"stray close", "Call us } now", "without a matching '{'"},
		{"empty", "   ", "empty"},
		{"too long", strings.Repeat("a", MaxTemplateLen+1), "longer than"},
		{"bad utf8", "Thanks \xff", "UTF-8"},
	}
	for _, tt := range tests {
		err := ValidateTemplate(tt.text)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: ValidateTemplate = %v, want nil", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: ValidateTemplate = %v, want an error containing %q", tt.name, err, tt.wantErr)
		case err != nil && framekeeper.ErrorCode(err) != framekeeper.EINVALID:
			t.Errorf("%s: error code %q, want invalid", tt.name, framekeeper.ErrorCode(err))
		}
	}
}

// The shipped responses are valid, give the way to reach the practice and
// the crisis resources, and those for relatives and strangers say nothing
// that would tell them someone is a client.
func TestDefaultTemplates(t *testing.T) {
	d := DefaultTemplates()
	if err := d.Validate(); err != nil {
		t.Fatalf("DefaultTemplates().Validate() = %v", err)
	}
	if !strings.Contains(d.Crisis, PhCrisis) || !strings.Contains(d.Crisis, PhContact) {
		t.Errorf("crisis template %q lacks %s or %s", d.Crisis, PhCrisis, PhContact)
	}
	for _, r := range Responses() {
		for _, a := range []Audience{AudienceClient, AudienceOther} {
			text := d.Text(r, a)
			if text == "" {
				t.Errorf("%s/%s: no default", a, r)
				continue
			}
			for _, ph := range []string{PhContact, PhCrisis} {
				if !strings.Contains(text, ph) {
					t.Errorf("%s/%s: lacks %s: %q", a, r, ph, text)
				}
			}
			if a == AudienceOther {
				low := strings.ToLower(text)
				for _, w := range []string{"client", "session", "therap", "treatment", "our work", "we next meet"} {
					if strings.Contains(low, w) {
						t.Errorf("other/%s says %q: %q", r, w, text)
					}
				}
			}
		}
		if r.Clause() == "" {
			t.Errorf("%s: no clause", r)
		}
	}
}

func TestTemplatesValidate(t *testing.T) {
	tests := []struct {
		name    string
		t       Templates
		wantErr string
	}{
		{"empty uses defaults", Templates{}, ""},
		{"edited", Templates{Other: map[Response]string{RespEmailRedirect: "Please {contact}."}}, ""},
		{"crisis without resources", Templates{Crisis: "We got it."}, "{crisis}"},
		{"unknown response", Templates{Client: map[Response]string{"hello": "Hi"}}, "unknown standard response"},
		{"quoting", Templates{Client: map[Response]string{RespEmailClinical: "About {subject}: no."}}, "templates.client.email_clinical"},
	}
	for _, tt := range tests {
		err := tt.t.Validate()
		if tt.wantErr == "" && err != nil {
			t.Errorf("%s: Validate = %v, want nil", tt.name, err)
		}
		if tt.wantErr != "" {
			fe, _ := err.(*framekeeper.Error)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) && (fe == nil || !hasField(fe, tt.wantErr)) {
				t.Errorf("%s: Validate = %v, want an error mentioning %q", tt.name, err, tt.wantErr)
			}
		}
	}
}

func hasField(e *framekeeper.Error, f string) bool {
	_, ok := e.Fields[f]
	return ok
}

func TestRender(t *testing.T) {
	p := testProfile()
	got := Render("{practice}: please {contact}. {crisis} {phone} {email} {website}", p)
	want := "Cedar Lane Psychology: please call (555) 010-0123, or email office@cedarlane.example.com (for scheduling). " +
		"If you are in crisis, call or text 988, or call 911 in an emergency. (555) 010-0123 office@cedarlane.example.com"
	if got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}

	tests := []struct {
		name string
		p    policy.Profile
		want string // the {contact} phrase
	}{
		{"no channels: phone and email", policy.Profile{OfficePhone: "555-1", AdminEmail: "a@b.c"}, "call 555-1, or email a@b.c"},
		{"nothing at all", policy.Profile{}, "contact our office"},
		{"order kept", policy.Profile{Channels: []policy.Channel{{Kind: "portal", Value: "https://p"}, {Kind: "text", Value: "555-2"}, {Kind: "phone", Value: "555-3"}}},
			"use our online portal at https://p, text 555-2, or call 555-3"},
		{"empty values skipped", policy.Profile{Channels: []policy.Channel{{Kind: "phone", Value: " "}, {Kind: "email", Value: "x@y.z"}}}, "email x@y.z"},
		{"whitespace folded", policy.Profile{Channels: []policy.Channel{{Kind: "Phone", Value: "555\n 4", Note: "weekdays\t9-5"}}}, "call 555 4 (weekdays 9-5)"},
	}
	for _, tt := range tests {
		if got := Render("{contact}", tt.p); got != tt.want {
			t.Errorf("%s: {contact} = %q, want %q", tt.name, got, tt.want)
		}
	}

	// A profile value that looks like a placeholder is not expanded again.
	p.PracticeName = "{contact}"
	if got := Render("{practice}", p); got != "{contact}" {
		t.Errorf("Render re-expanded a profile value: %q", got)
	}
	if got := Render("{practice}", policy.Profile{}); got != "our practice" {
		t.Errorf("Render without a name = %q", got)
	}
	if got := Render("{crisis}", policy.Profile{}); got != policy.DefaultCrisisText {
		t.Errorf("Render without crisis text = %q", got)
	}
}

// FuzzValidateTemplate: never panics; a template it accepts renders with no
// placeholder left and with nothing but the template and the profile in it.
func FuzzValidateTemplate(f *testing.F) {
	for _, s := range []string{"", "Thanks {practice}", "{text}", "{", "}", "{contact}{crisis}", "{{practice}}", "a{b}c", "\xff{email}"} {
		f.Add(s)
	}
	d := DefaultTemplates()
	f.Add(d.Crisis)
	for _, s := range d.Client {
		f.Add(s)
	}
	p := testProfile()
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateTemplate(s)
		if err != nil {
			return
		}
		out := Render(s, p)
		for _, ph := range placeholders {
			if strings.Contains(out, ph) {
				t.Fatalf("Render(%q) left %s: %q", s, ph, out)
			}
		}
		if strings.Count(s, "{") != strings.Count(s, "}") {
			t.Fatalf("accepted unbalanced braces: %q", s)
		}
	})
}

// DefaultTemplates hands out copies: a caller editing one cannot change the
// defaults Decide falls back to.
func TestDefaultTemplatesCopy(t *testing.T) {
	d := DefaultTemplates()
	want := d.Client[RespEmailClinical]
	d.Client[RespEmailClinical] = "changed {text}"
	if got := (Templates{}).Text(RespEmailClinical, AudienceClient); got != want {
		t.Errorf("default changed through a copy: %q", got)
	}
}
