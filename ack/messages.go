package ack

import (
	"fmt"
	"strings"
	"time"
)

// Invitation is the email that carries a signing link.
type Invitation struct {
	Practice   string
	SignerName string
	ClientName string
	URL        string
	ExpiresAt  time.Time
	Version    int
	Reminder   bool
	// Summary is the notice of changes when a new version asks for a new
	// acknowledgment; empty for a first request.
	Summary string
}

// Email returns the subject and plain-text body. It names the signer and
// the practice only; the link is the one thing that identifies the request.
func (in Invitation) Email() (subject, body string) {
	var b strings.Builder
	switch {
	case in.Summary != "":
		subject = fmt.Sprintf("%s: our social media policy has changed (version %d)", in.Practice, in.Version)
	case in.Reminder:
		subject = fmt.Sprintf("Reminder: please acknowledge %s's social media policy", in.Practice)
	default:
		subject = fmt.Sprintf("Please acknowledge %s's social media policy", in.Practice)
	}
	fmt.Fprintf(&b, "Dear %s,\n\n", in.SignerName)
	if in.Summary != "" {
		fmt.Fprintf(&b, "We have published version %d of our Social Media and Electronic Communication Policy. "+
			"As we promised, we are letting you know in writing. Here is what changed:\n\n%s\n", in.Version, strings.TrimSpace(in.Summary))
		b.WriteString("\nPlease read the new version and confirm that you have read it:\n\n")
	} else {
		if in.Reminder {
			b.WriteString("This is a reminder. ")
		}
		fmt.Fprintf(&b, "Please read version %d of our Social Media and Electronic Communication Policy and confirm that you have read it. "+
			"You can print it or download it as a PDF, and you can write down any questions for your therapist.\n\n", in.Version)
	}
	fmt.Fprintf(&b, "%s\n\n", in.URL)
	fmt.Fprintf(&b, "This link is for you alone and works until %s. If you would rather sign on paper, "+
		"open the link and choose paper, or tell us at your next session.\n\n", in.ExpiresAt.UTC().Format("January 2, 2006"))
	fmt.Fprintf(&b, "%s\n", in.Practice)
	return subject, b.String()
}
