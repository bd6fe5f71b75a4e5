package web

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/render"
)

// utcStamp is how the certificate writes a moment: to the second, in UTC,
// so it reads the same wherever it is checked.
func utcStamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// SignedPDF prints an acknowledgment: the policy exactly as signed with its
// signature block filled in, then a certificate page with the document's
// SHA-256, each signature and the whole event trail. Storage calls it (wired
// in main) when an acknowledgment is completed, and stores the bytes.
func SignedPDF(ev ack.Evidence) ([]byte, error) {
	created := time.Now()
	if n := len(ev.Ack.Events); n > 0 {
		created = ev.Ack.Events[n-1].At
	}
	p, err := render.NewPDF(render.PDFOptions{CreatedAt: created, Author: ev.Document.Practice})
	if err != nil {
		return nil, err
	}
	p.Policy(ev.SignedDocument())
	p.SetFooter("Certificate of signing · " + ev.Ack.ID)
	p.AddPage()
	p.Title("Certificate of signing")
	p.Paragraph(fmt.Sprintf("This certificate belongs to the %s of %s, version %d, as acknowledged by or for %s.",
		ev.Document.Title, ev.Document.Practice, ev.Ack.PolicyVersion, ev.ClientName))
	rows := [][2]string{
		{"Acknowledgment", ev.Ack.ID},
		{"Policy version", fmt.Sprintf("%d (%s)", ev.Ack.PolicyVersion, ev.Document.VersionLine())},
		{"Document SHA-256", ev.Ack.DocumentSHA256},
		{"Method", ev.Ack.Method},
		{"Requested", utcStamp(ev.Ack.CreatedAt) + " by " + ev.Ack.CreatedBy},
	}
	for i, s := range ev.Ack.Signers {
		v := s.Name
		if s.SignedAt != nil {
			v += fmt.Sprintf(", signed as %q on %s", s.SignedName, utcStamp(*s.SignedAt))
		} else {
			v += ", not signed"
		}
		if s.Email != "" {
			v += ", link sent to " + s.Email
		}
		rows = append(rows, [2]string{fmt.Sprintf("Signer %d", i+1), v})
	}
	if ev.Ack.CountersignedAt != nil {
		rows = append(rows, [2]string{"Countersigned", ev.Ack.CountersignedBy + " on " + utcStamp(*ev.Ack.CountersignedAt)})
	}
	p.KeyValues(rows)
	p.Heading("Event trail")
	var trail [][2]string
	for _, e := range ev.Ack.Events {
		var parts []string
		who := e.Signer
		if who == "" {
			who = e.Actor
		}
		if who != "" {
			parts = append(parts, who)
		}
		if e.IP != "" {
			parts = append(parts, "IP "+e.IP)
		}
		if e.UserAgent != "" {
			parts = append(parts, "browser "+e.UserAgent)
		}
		if e.Detail != "" && e.Kind != ack.EventQuestions {
			parts = append(parts, e.Detail)
		}
		trail = append(trail, [2]string{utcStamp(e.At), e.Kind + ": " + strings.Join(parts, "; ")})
	}
	p.KeyValues(trail)
	p.Small("The document SHA-256 is computed over the exact text of the version signed (its Markdown). " +
		"Anyone holding that text can compute it again and compare. Times are in UTC.")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// blankPDF is the version in force with empty signature lines, to sign on
// paper.
func blankPDF(ev ack.Evidence) ([]byte, error) {
	p, err := render.NewPDF(render.PDFOptions{Author: ev.Document.Practice})
	if err != nil {
		return nil, err
	}
	p.Policy(ev.Document)
	p.Small(fmt.Sprintf("For %s. Version %d, document SHA-256 %s.", ev.ClientName, ev.Ack.PolicyVersion, ev.Ack.DocumentSHA256))
	var buf bytes.Buffer
	err = p.Output(&buf)
	return buf.Bytes(), err
}

// lettersPDF prints one letter per page, each with a signing link, for
// signers without email.
func lettersPDF(letters []ack.Letter) ([]byte, error) {
	p, err := render.NewPDF(render.PDFOptions{})
	if err != nil {
		return nil, err
	}
	for _, l := range letters {
		p.SetFooter(l.Practice)
		p.AddPage()
		p.Title(l.Practice)
		p.Paragraph(time.Now().Format("January 2, 2006"))
		p.Paragraph("Dear " + l.SignerName + ",")
		if l.Summary != "" {
			p.Paragraph(fmt.Sprintf("We have published version %d of our Social Media and Electronic Communication Policy. As we promised, we are letting you know in writing. Here is what changed:", l.Version))
			p.Markdown(l.Summary)
		} else {
			p.Paragraph(fmt.Sprintf("Please read version %d of our Social Media and Electronic Communication Policy and confirm that you have read it.", l.Version))
		}
		p.Paragraph("You can read and sign it online at this address, which is for you alone:")
		p.Heading(l.URL)
		p.Paragraph("The address works until " + l.ExpiresAt.UTC().Format("January 2, 2006") + ". If you would rather sign on paper, bring this letter to your next session and we will give you a printed copy to sign.")
		p.Paragraph(l.Practice)
	}
	var buf bytes.Buffer
	err = p.Output(&buf)
	return buf.Bytes(), err
}
