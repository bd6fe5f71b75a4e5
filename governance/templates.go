package governance

import (
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// Template is one message the practice may edit: a standard response of
// triage or a notice the practice sends.
type Template struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Audience string `json:"audience"`
	Text     string `json:"text"`
	Default  string `json:"default"`
	Custom   bool   `json:"custom"` // the practice changed it
}

// Notices are the practice's other outgoing messages, kept in the setting
// "messages".
type Notices map[string]string

// The notices a practice may edit.
const (
	NoticeAppointmentReminder = "appointment_reminder"
	NoticePolicyUpdate        = "policy_update_notice"
)

// DefaultNotices are short and practical: no request for reviews, nothing
// about anyone's health.
func DefaultNotices() Notices {
	return Notices{
		NoticeAppointmentReminder: "This is a reminder of your appointment with {practice}. If you need to change it, please {contact}.",
		NoticePolicyUpdate:        "{practice} has updated its social media and electronic communication policy. You can read it on our website, {website}, and we are glad to talk it through at your next session.",
	}
}

// TemplateNames lists every editable template in a stable order: the crisis
// response, the standard responses for clients and for others, then the
// notices.
func TemplateNames() []string {
	names := []string{"crisis"}
	for _, a := range []triage.Audience{triage.AudienceClient, triage.AudienceOther} {
		for _, r := range triage.Responses() {
			names = append(names, string(a)+"."+string(r))
		}
	}
	return append(names, NoticeAppointmentReminder, NoticePolicyUpdate)
}

// ValidTemplateName reports whether name is editable.
func ValidTemplateName(name string) bool {
	for _, n := range TemplateNames() {
		if n == name {
			return true
		}
	}
	return false
}

// ListTemplates describes every template with its text in force.
func ListTemplates(t triage.Templates, n Notices) []Template {
	def := triage.DefaultTemplates()
	dn := DefaultNotices()
	var out []Template
	for _, name := range TemplateNames() {
		tp := Template{Name: name}
		switch {
		case name == "crisis":
			tp.Label, tp.Audience, tp.Default, tp.Text = "Crisis response", "everyone", def.Crisis, t.Crisis
		case strings.Contains(name, "."):
			a, r, _ := strings.Cut(name, ".")
			m, dm := t.Client, def.Client
			tp.Audience = "clients"
			if a == string(triage.AudienceOther) {
				m, dm, tp.Audience = t.Other, def.Other, "others"
			}
			tp.Label = responseLabel(triage.Response(r))
			tp.Default, tp.Text = dm[triage.Response(r)], m[triage.Response(r)]
		default:
			tp.Audience, tp.Default, tp.Text = "clients", dn[name], n[name]
			tp.Label = map[string]string{NoticeAppointmentReminder: "Appointment reminder", NoticePolicyUpdate: "Policy update notice"}[name]
		}
		tp.Custom = strings.TrimSpace(tp.Text) != ""
		if !tp.Custom {
			tp.Text = tp.Default
		}
		out = append(out, tp)
	}
	return out
}

func responseLabel(r triage.Response) string {
	return map[triage.Response]string{
		triage.RespFriendingDecline:  "Declining a friend request",
		triage.RespMessagingRedirect: "Social media message redirect",
		triage.RespTextingRedirect:   "Text message redirect",
		triage.RespTextingClinical:   "Personal matter sent by text",
		triage.RespEmailRedirect:     "Email redirect",
		triage.RespEmailClinical:     "Personal matter sent by email",
	}[r]
}

// CheckTemplate validates a template text for name: the template rules
// (placeholders, length; a reply never quotes the sender) and the outbound
// guard. Empty text means "back to the default" and passes.
func (g *Guard) CheckTemplate(name, text string) error {
	if !ValidTemplateName(name) {
		return framekeeper.Errorf(framekeeper.ENOTFOUND, "No template named %q.", name)
	}
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if err := triage.ValidateTemplate(text); err != nil {
		return framekeeper.Invalid("text", "%s", upperFirst(framekeeper.ErrorMessage(err))+".")
	}
	if name == "crisis" && !strings.Contains(text, triage.PhCrisis) {
		return framekeeper.Invalid("text", "The crisis response must include %s, the crisis resources.", triage.PhCrisis)
	}
	return g.Check(text)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// SetTemplate puts text into the stored templates (empty: the default).
func SetTemplate(t *triage.Templates, n Notices, name, text string) {
	text = strings.TrimSpace(text)
	switch {
	case name == "crisis":
		t.Crisis = text
	case strings.Contains(name, "."):
		a, r, _ := strings.Cut(name, ".")
		m := &t.Client
		if a == string(triage.AudienceOther) {
			m = &t.Other
		}
		if *m == nil {
			*m = map[triage.Response]string{}
		}
		if text == "" {
			delete(*m, triage.Response(r))
		} else {
			(*m)[triage.Response(r)] = text
		}
	default:
		if text == "" {
			delete(n, name)
		} else {
			n[name] = text
		}
	}
}
