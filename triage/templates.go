package triage

import (
	"maps"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// Audience is who a standard response is written for. A client may be told
// they are a client; everyone else (a client's friends and relatives, and
// anyone the practice does not recognise) gets a text that makes sense for
// anybody and confirms no one's relationship with the practice.
type Audience string

// Audiences of the standard responses.
const (
	AudienceClient Audience = "client"
	AudienceOther  Audience = "other"
)

// Response names one standard response: the clause it carries out and what
// it is for.
type Response string

// The standard responses. The crisis response is not among them: it is one
// text for everyone (Templates.Crisis).
const (
	RespFriendingDecline  Response = "friending_decline"         // friending: decline
	RespMessagingRedirect Response = "social_messaging_redirect" // social_messaging: not_used
	RespTextingRedirect   Response = "texting_redirect"          // texting: not_used, or no agreement to texting
	RespTextingClinical   Response = "texting_clinical"          // texting: administrative_only, therapy content
	RespEmailRedirect     Response = "email_redirect"            // email: not_used
	RespEmailClinical     Response = "email_clinical"            // email: administrative_only, therapy content
)

// Responses lists every standard response, in a stable order.
func Responses() []Response {
	return []Response{RespFriendingDecline, RespMessagingRedirect, RespTextingRedirect, RespTextingClinical,
		RespEmailRedirect, RespEmailClinical}
}

// Clause returns the clause a standard response carries out.
func (r Response) Clause() policy.Clause {
	switch r {
	case RespFriendingDecline:
		return policy.Friending
	case RespMessagingRedirect:
		return policy.SocialMessaging
	case RespTextingRedirect, RespTextingClinical:
		return policy.Texting
	case RespEmailRedirect, RespEmailClinical:
		return policy.Email
	}
	return ""
}

// Templates are the practice's standard responses, which it may edit. An
// empty text means the default (DefaultTemplates) is used for that one.
type Templates struct {
	// Crisis is sent to anyone whose message shows a crisis, on any channel:
	// it is the same for everyone, so it reveals nothing about the sender.
	Crisis string              `json:"crisis"`
	Client map[Response]string `json:"client"`
	Other  map[Response]string `json:"other"` // a client's friends and relatives, and anyone else
}

// Placeholders a template may use. None of them carries anything the sender
// wrote: a standard response cannot quote or echo the message.
const (
	PhPractice = "{practice}" // the practice's name, or "our practice"
	PhContact  = "{contact}"  // the ways to reach the practice, in the profile's order: "call …, or email …"
	PhCrisis   = "{crisis}"   // the profile's crisis resources, or policy.DefaultCrisisText
	PhPhone    = "{phone}"    // office phone
	PhEmail    = "{email}"    // administrative email
	PhWebsite  = "{website}"  // website
)

// placeholders is the closed set ValidateTemplate accepts.
var placeholders = []string{PhPractice, PhContact, PhCrisis, PhPhone, PhEmail, PhWebsite}

// MaxTemplateLen bounds a standard response: it is a short message, and some
// channels (SMS) split long ones.
const MaxTemplateLen = 2000

// DefaultTemplates returns the standard responses the product ships with:
// polite, warm and non-clinical; each gives the right way to reach the
// practice and the crisis resources, and none repeats what the sender wrote.
// The friending response speaks in the therapist's voice (it answers a
// request to a personal account); the others speak for the practice.
func DefaultTemplates() Templates {
	d := defaults()
	return Templates{Crisis: d.Crisis, Client: maps.Clone(d.Client), Other: maps.Clone(d.Other)}
}

// defaults is built once and only read; DefaultTemplates hands out copies.
var defaults = sync.OnceValue(func() Templates {
	return Templates{
		Crisis: "Thank you for reaching out. {crisis} This reply was sent automatically, and a member of our team has been alerted. " +
			"To reach {practice}, please {contact}.",
		Client: map[Response]string{
			RespFriendingDecline: "Thank you for thinking of me. To protect your privacy and the work we do together, I don't connect " +
				"with current or former clients on social media, so I have declined the request. It isn't personal, and I'm glad " +
				"to talk about it when we next meet. Between sessions, the best way to reach {practice} is to {contact}. {crisis}",
			RespMessagingRedirect: "Thank you for your message. Social media messages aren't private and aren't read in a timely way, " +
				"so we don't answer them here. To reach {practice}, please {contact}. Anything else is best brought to your next session. {crisis}",
			RespTextingRedirect: "Thank you for your text. We don't answer text messages, so this one won't get a reply by text. " +
				"To reach {practice}, please {contact}. Anything else is best brought to your next session. {crisis}",
			RespTextingClinical: "Thank you for your text. We keep texts for scheduling and other practical matters, because they aren't " +
				"secure enough for anything personal, so we won't reply to personal matters by text. The best place for them is your " +
				"next session; if something can't wait, please {contact}. {crisis}",
			RespEmailRedirect: "Thank you for your email. We don't use email with clients, as it isn't completely secure or " +
				"confidential, so this one won't be answered by email. To reach {practice}, please {contact}. Anything else is best " +
				"brought to your next session. {crisis}",
			RespEmailClinical: "Thank you for your email. We keep email for scheduling and other practical matters, because it isn't " +
				"completely secure or confidential, so we won't answer personal matters by email. The best place for them is your next " +
				"session; if something can't wait, please {contact}. {crisis}",
		},
		Other: map[Response]string{
			RespFriendingDecline: "Thank you for the request. I keep my personal social media accounts for family and a few close " +
				"friends, so I won't be accepting it. I hope you understand. To reach {practice}, please {contact}. {crisis}",
			RespMessagingRedirect: "Thank you for your message. We don't answer messages sent here, as they aren't private and " +
				"aren't read in a timely way. To reach {practice}, please {contact}. {crisis}",
			RespTextingRedirect: "Thank you for your text. We don't answer text messages at this number. To reach {practice}, " +
				"please {contact}. {crisis}",
			RespTextingClinical: "Thank you for your text. Text messages aren't a secure way to share personal or health " +
				"information, so we use them only for practical matters such as scheduling. To talk with someone at {practice}, " +
				"please {contact}. {crisis}",
			RespEmailRedirect: "Thank you for your email. We don't answer email at this address, as email isn't completely " +
				"secure or confidential. To reach {practice}, please {contact}. {crisis}",
			RespEmailClinical: "Thank you for your email. Email isn't a secure way to share personal or health information, so " +
				"we use it only for practical matters such as scheduling. To talk with someone at {practice}, please {contact}. {crisis}",
		},
	}
})

// Text returns the template for a response and audience, the default when
// the practice left it empty.
func (t Templates) Text(r Response, a Audience) string {
	m := t.Other
	if a == AudienceClient {
		m = t.Client
	}
	if s := strings.TrimSpace(m[r]); s != "" {
		return s
	}
	if a == AudienceClient {
		return defaults().Client[r]
	}
	return defaults().Other[r]
}

// CrisisText returns the crisis template, the default when left empty.
func (t Templates) CrisisText() string {
	if s := strings.TrimSpace(t.Crisis); s != "" {
		return s
	}
	return defaults().Crisis
}

// Validate checks every template the practice set, and that the crisis
// template keeps the crisis resources.
func (t Templates) Validate() error {
	if t.Crisis != "" {
		if err := ValidateTemplate(t.Crisis); err != nil {
			return fieldErr("templates.crisis", err)
		}
		if !strings.Contains(t.Crisis, PhCrisis) {
			return framekeeper.Invalid("templates.crisis", "the crisis response must include %s, the crisis resources", PhCrisis)
		}
	}
	for _, a := range []Audience{AudienceClient, AudienceOther} {
		m := t.Client
		if a == AudienceOther {
			m = t.Other
		}
		for r := range m {
			if r.Clause() == "" {
				return framekeeper.Invalid("templates."+string(a)+"."+string(r), "unknown standard response %q", r)
			}
		}
		for _, r := range Responses() {
			if text, ok := m[r]; ok && text != "" {
				if err := ValidateTemplate(text); err != nil {
					return fieldErr("templates."+string(a)+"."+string(r), err)
				}
			}
		}
	}
	return nil
}

func fieldErr(field string, err error) error {
	msg := framekeeper.ErrorMessage(err)
	return framekeeper.Invalid(field, "%s", msg)
}

// ValidateTemplate checks a standard response: valid UTF-8, not blank, not
// too long, and every {placeholder} one of the known ones. There is no
// placeholder for the sender's message, so a template that asks for one
// ({text}, {message}…) is refused: a reply never quotes what was sent.
func ValidateTemplate(text string) error {
	if !utf8.ValidString(text) {
		return framekeeper.Invalid("template", "the response is not valid UTF-8")
	}
	if strings.TrimSpace(text) == "" {
		return framekeeper.Invalid("template", "the response is empty")
	}
	if len(text) > MaxTemplateLen {
		return framekeeper.Invalid("template", "the response is longer than %d bytes", MaxTemplateLen)
	}
	rest := text
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			return nil
		}
		if rest[i] == '}' {
			return framekeeper.Invalid("template", "a '}' without a matching '{'")
		}
		j := strings.IndexAny(rest[i+1:], "{}")
		if j < 0 || rest[i+1+j] != '}' {
			return framekeeper.Invalid("template", "a '{' without a matching '}'")
		}
		ph := rest[i : i+j+2]
		if !known(ph) {
			if quotes(ph) {
				return framekeeper.Invalid("template", "%s would quote the sender's message; a standard response never repeats what was sent", ph)
			}
			return framekeeper.Invalid("template", "unknown placeholder %s; use one of %s", ph, strings.Join(placeholders, ", "))
		}
		rest = rest[i+j+2:]
	}
}

func known(ph string) bool {
	for _, p := range placeholders {
		if ph == p {
			return true
		}
	}
	return false
}

// quotes recognises placeholders that ask for the sender's content, to say
// so plainly rather than "unknown placeholder".
func quotes(ph string) bool {
	name := strings.ToLower(strings.Trim(ph, "{} "))
	for _, w := range []string{"text", "message", "body", "content", "subject", "quote", "comment", "review", "sender"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// Render fills a template's placeholders from the profile, in one pass, so
// a profile value that happens to contain "{…}" is left as written. Unknown
// placeholders are left as they are (ValidateTemplate refuses them earlier).
func Render(text string, p policy.Profile) string {
	practice := oneLine(p.PracticeName)
	if practice == "" {
		practice = "our practice"
	}
	crisis := oneLine(p.CrisisText)
	if crisis == "" {
		crisis = policy.DefaultCrisisText
	}
	r := strings.NewReplacer(
		PhPractice, practice,
		PhContact, contactPhrase(p),
		PhCrisis, crisis,
		PhPhone, oneLine(p.OfficePhone),
		PhEmail, oneLine(p.AdminEmail),
		PhWebsite, oneLine(p.Website),
	)
	return strings.TrimSpace(r.Replace(text))
}

// contactPhrase says how to reach the practice, in the profile's order, as
// a phrase that follows "please": "call (555) 010-0142, or email a@b.org".
func contactPhrase(p policy.Profile) string {
	chans := p.Channels
	if len(chans) == 0 {
		if v := oneLine(p.OfficePhone); v != "" {
			chans = append(chans, policy.Channel{Kind: "phone", Value: v})
		}
		if v := oneLine(p.AdminEmail); v != "" {
			chans = append(chans, policy.Channel{Kind: "email", Value: v})
		}
	}
	var parts []string
	for _, ch := range chans {
		v := oneLine(ch.Value)
		if v == "" {
			continue
		}
		var s string
		switch k := strings.ToLower(oneLine(ch.Kind)); k {
		case "phone":
			s = "call " + v
		case "email":
			s = "email " + v
		case "text", "sms":
			s = "text " + v
		case "portal":
			s = "use our online portal at " + v
		case "mail":
			s = "write to " + v
		case "fax":
			s = "fax " + v
		case "in_person":
			s = "visit us at " + v
		default:
			if k == "" {
				k = "contact"
			}
			s = "use " + k + ": " + v
		}
		if n := oneLine(ch.Note); n != "" {
			s += " (" + n + ")"
		}
		parts = append(parts, s)
	}
	switch len(parts) {
	case 0:
		return "contact our office"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

// oneLine folds whitespace so a profile value cannot break a message's layout.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
