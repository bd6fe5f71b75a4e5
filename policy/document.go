package policy

import (
	"fmt"
	"strings"
	"time"
)

// Document is the client-facing policy: what a client reads, prints and
// signs. Section bodies are Markdown; renderers turn them into HTML or PDF.
type Document struct {
	Title       string
	Practice    string   // the practice's name, for page headers
	Header      []string // address and contact lines under the name, plain text
	Version     int      // 0 for a draft
	EffectiveAt time.Time
	Sections    []Section
	Signature   *SignatureBlock // nil when no signature is asked for
}

// Section is one titled part of the document.
type Section struct {
	ID         string // the clause name for a clause's section, else a fixed word such as "contact"
	Clause     Clause // "" for sections that belong to no clause
	Heading    string
	Body       string // Markdown
	Overridden bool   // the practice wrote this body itself
}

// SignatureBlock is what the signer agrees to and one line per signature.
// The signing feature fills Name and SignedAt; blank lines print empty.
type SignatureBlock struct {
	Statement string
	Lines     []SignatureLine
}

// SignatureLine is one place to sign.
type SignatureLine struct {
	Label    string // "Client", "Therapist"
	Name     string
	SignedAt time.Time
}

// Section IDs of the sections that belong to no clause.
const (
	SectionIntroduction = "introduction"
	SectionEmergency    = "emergency"
	SectionWhy          = "why"
	SectionContact      = "contact"
	SectionQuestions    = "questions"
)

// DocumentTitle is the title of every generated policy.
const DocumentTitle = "Social Media and Electronic Communication Policy"

// DocumentOptions are the details of one printing of a policy.
type DocumentOptions struct {
	Signers     int // client signature lines; 0 means 2
	Version     int
	EffectiveAt time.Time
}

// signatureStatement is what a signer agrees to.
const signatureStatement = "By signing below, I confirm that I have read this policy and that I understand it. " +
	"I was offered a printed copy. My questions about it have been answered."

// NewDocument writes the client-facing policy from the stances and profile.
// Clauses the policy is silent on get no section. An override replaces the
// generated body of its clause's section.
func NewDocument(p Policy, o DocumentOptions) Document {
	pr := p.Profile
	name := strings.TrimSpace(pr.PracticeName)
	if name == "" {
		name = "Our practice"
	}
	d := Document{
		Title:       DocumentTitle,
		Practice:    name,
		Header:      headerLines(pr),
		Version:     o.Version,
		EffectiveAt: o.EffectiveAt,
	}
	add := func(id, heading, body string) {
		d.Sections = append(d.Sections, Section{ID: id, Heading: heading, Body: body})
	}

	add(SectionIntroduction, "About this policy",
		"This policy explains how "+mdEscape(name)+" handles social media, text messages, email "+
			"and other ways of being in touch online. "+
			"It tells you what we do, what we ask of you, and why. "+
			"Please read it before your first session.")
	add(SectionEmergency, "In an emergency",
		"Our phones, email and social media accounts are not watched day and night. "+
			"Never use them to reach us in a crisis.\n\n**"+mdEscape(crisisText(pr))+"**")
	add(SectionWhy, "Why we keep these limits",
		"Therapy works best when its limits are clear. "+
			"Your therapist is there to help you, not to be your friend. "+
			"Being both at once is called a dual relationship. "+
			"It can blur the work you do together. "+
			"It can also make it harder for your therapist to put your needs first.\n\n"+
			"Privacy matters too. Social media, texts and email are not fully secure. "+
			"Other people may see who you are linked to and what you share. "+
			"The rest of this policy explains how we keep your privacy safe.")
	add(SectionContact, "Reaching us between sessions", contactBody(pr))

	st := p.Stances.Complete()
	for _, c := range Clauses() {
		s := st[c]
		if s == Unspecified {
			continue
		}
		if c == Acknowledgment {
			add(SectionQuestions, "Questions", questionsBody)
		}
		ct := clauseTexts[c]
		sec := Section{ID: string(c), Clause: c, Heading: ct.Heading, Body: clauseBody(c, s, pr)}
		if ov := strings.TrimSpace(p.Overrides[c]); ov != "" {
			sec.Body, sec.Overridden = ov, true
		}
		d.Sections = append(d.Sections, sec)
	}
	if st[Acknowledgment] == Unspecified {
		add(SectionQuestions, "Questions", questionsBody)
	}

	if st[Acknowledgment] == "required" {
		n := o.Signers
		if n <= 0 {
			n = 2
		}
		sb := &SignatureBlock{Statement: signatureStatement}
		for range n {
			sb.Lines = append(sb.Lines, SignatureLine{Label: "Client"})
		}
		sb.Lines = append(sb.Lines, SignatureLine{Label: "Therapist"})
		d.Signature = sb
	}
	return d
}

const questionsBody = "Thank you for reading this policy. " +
	"If you have questions about it, or about how we might meet online, please ask your therapist. " +
	"We are glad to talk them through with you."

// clauseBody is the generated text of one clause, with the profile details
// that stance needs.
func clauseBody(c Clause, s Stance, pr Profile) string {
	body := clauseTexts[c].Body[s]
	switch {
	case c == BusinessReviews && s == "no_response" && strings.TrimSpace(pr.BoardName) != "":
		board := mdEscape(strings.TrimSpace(pr.BoardName))
		if bc := strings.TrimSpace(pr.BoardContact); bc != "" {
			board += " (" + mdEscape(bc) + ")"
		}
		body += "\n\nIf you feel we have done you harm and you do not want to raise it with us, " +
			"you can contact " + board + ". They license your therapist and will look into your concern."
	case (c == PolicyUpdates || c == Acknowledgment) && strings.TrimSpace(pr.Website) != "":
		body += " You can also find the current version on our website: " + mdEscape(strings.TrimSpace(pr.Website)) + "."
	}
	return body
}

func crisisText(pr Profile) string {
	if t := strings.TrimSpace(pr.CrisisText); t != "" {
		return t
	}
	return DefaultCrisisText
}

// channelLabels names the channel kinds clients know; others are shown as given.
var channelLabels = map[string]string{
	"phone": "Phone", "email": "Email", "text": "Text message", "sms": "Text message",
	"portal": "Client portal", "mail": "Mail", "fax": "Fax", "in_person": "In person",
}

func contactBody(pr Profile) string {
	chans := pr.Channels
	if len(chans) == 0 {
		if v := strings.TrimSpace(pr.OfficePhone); v != "" {
			chans = append(chans, Channel{Kind: "phone", Value: v})
		}
		if v := strings.TrimSpace(pr.AdminEmail); v != "" {
			chans = append(chans, Channel{Kind: "email", Value: v})
		}
	}
	var items []string
	for _, ch := range chans {
		v := strings.TrimSpace(ch.Value)
		if v == "" {
			continue
		}
		label, ok := channelLabels[strings.ToLower(strings.TrimSpace(ch.Kind))]
		if !ok {
			label = strings.TrimSpace(ch.Kind)
			if label == "" {
				label = "Other"
			}
		}
		item := fmt.Sprintf("%d. **%s:** %s", len(items)+1, mdEscape(label), mdEscape(v))
		if n := strings.TrimSpace(ch.Note); n != "" {
			item += " (" + mdEscape(n) + ")"
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return "Please ask your therapist how best to reach us between sessions. " +
			"Keep messages short and practical, and bring anything deeper to your session."
	}
	lead := "The best way to reach us between sessions is:"
	if len(items) > 1 {
		lead = "Here are the ways to reach us between sessions, best first:"
	}
	return lead + "\n\n" + strings.Join(items, "\n") + "\n\n" +
		"Please keep these messages short and practical. Bring anything deeper to your session."
}

func headerLines(pr Profile) []string {
	var out []string
	for _, s := range []string{joinNonEmpty(", ", pr.TherapistNames...), pr.OfficeAddress, joinNonEmpty(" · ", pr.OfficePhone, pr.AdminEmail, pr.Website)} {
		if s = oneLineText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdEscape makes profile text literal inside Markdown: it cannot start a
// link, emphasis, code, HTML or a new block.
func mdEscape(s string) string {
	s = oneLineText(s)
	var b strings.Builder
	digits := true // still in a leading run of digits ("1." would start a list)
	for i, r := range s {
		lead := i == 0 && strings.ContainsRune("-+=", r)
		if strings.ContainsRune("\\`*_[]()<>#!|~&", r) || lead || (digits && i > 0 && r == '.') {
			b.WriteByte('\\')
		}
		digits = digits && r >= '0' && r <= '9'
		b.WriteRune(r)
	}
	return b.String()
}

// Section returns the section with the given ID.
func (d Document) Section(id string) (Section, bool) {
	for _, s := range d.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return Section{}, false
}

// VersionLine is the line under the title, such as "Version 3, effective
// June 1, 2025"; empty for an undated draft.
func (d Document) VersionLine() string {
	var parts []string
	if d.Version > 0 {
		parts = append(parts, fmt.Sprintf("Version %d", d.Version))
	}
	if !d.EffectiveAt.IsZero() {
		parts = append(parts, "effective "+d.EffectiveAt.Format("January 2, 2006"))
	}
	s := strings.Join(parts, ", ")
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// Markdown renders the whole document as one Markdown text.
func (d Document) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n**%s**", mdEscape(d.Title), mdEscape(d.Practice))
	for _, h := range d.Header {
		fmt.Fprintf(&b, "  \n%s", mdEscape(h))
	}
	b.WriteString("\n\n")
	if v := d.VersionLine(); v != "" {
		fmt.Fprintf(&b, "*%s*\n\n", v)
	}
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", mdEscape(s.Heading), strings.TrimSpace(s.Body))
	}
	if d.Signature != nil {
		b.WriteString(d.Signature.Statement + "\n\n")
		for _, l := range d.Signature.Lines {
			name, date := "______________________________", "______________"
			if l.Name != "" {
				name = mdEscape(l.Name)
			}
			if !l.SignedAt.IsZero() {
				date = l.SignedAt.Format("January 2, 2006")
			}
			fmt.Fprintf(&b, "%s: %s Date: %s\n\n", mdEscape(l.Label), name, date)
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
