package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	gomail "github.com/emersion/go-message/mail"

	"github.com/framekeeper/framekeeper/internal/browsertest"
	"github.com/framekeeper/framekeeper/mail/mailtest"
	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// mailText returns the decoded plain text of a received message.
func mailText(t *testing.T, data []byte) (subject, text string) {
	t.Helper()
	mr, err := gomail.CreateReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = mr.Header.Subject()
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p.Body)
		text += string(b)
	}
	return subject, text
}

var signLink = regexp.MustCompile(`https?://\S+/sign/fks_[A-Za-z0-9_-]{43}`)

type ackOut struct {
	ID              string `json:"id"`
	Status          string `json:"status"`
	PolicyVersion   int    `json:"policy_version"`
	DocumentSHA256  string `json:"document_sha256"`
	CountersignedBy string `json:"countersigned_by"`
	SignedPDFSHA256 string `json:"signed_pdf_sha256"`
	Signers         []struct {
		Name, Email, Status string
		SignURL             string `json:"sign_url"`
	} `json:"signers"`
}

// TestAcknowledgmentEndToEnd is the whole path against a real SMTP server
// and a real browser: two signers get their links by email and sign in
// Chromium (one first tries without consent and is refused), the therapist
// countersigns, the signed PDF carries names, dates and the document hash,
// the chart holds the entry and verifies; publishing version 2 marks the
// client for re-acknowledgment and a notice with the changes arrives.
func TestAcknowledgmentEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("needs pdftotext: apt-get install -y poppler-utils")
	}
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := browsertest.New(t, browsertest.Phone)
			smtp := mailtest.Start(t)
			dbURL := storagetest.URL(t, engine)
			base := startServerWith(t, dbURL, func(c *Config) { c.SMTP, c.MailFrom = smtp.URL(), "Harbor Lane <office@harbor.example>" })
			admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}
			therapistToken := newToken(t, dbURL, "therapist")
			ther := &apiClient{t: t, base: base, token: therapistToken}
			var me struct {
				StaffID string `json:"staff_id"`
				Name    string `json:"name"`
			}
			ther.json("GET", "/api/v1/me", nil, 200, &me)

			admin.json("POST", "/api/v1/policy/versions", map[string]any{"summary": "First version.",
				"clauses": map[string]string{"texting": "not_used"}}, 201, nil)
			var c client
			admin.json("POST", "/api/v1/clients", map[string]any{"name": "Robin Reyes", "status": "current", "therapist_id": me.StaffID,
				"identities": []map[string]string{{"kind": "email", "value": "robin@example.com"}}}, 201, &c)

			// Bad input: an unknown client, a signer without a name.
			if st, _, _ := admin.do("POST", "/api/v1/clients/c_nope/acknowledgments", "application/json", `{}`); st != 404 {
				t.Errorf("unknown client: %d", st)
			}
			if st, _, b := admin.do("POST", "/api/v1/clients/"+c.ID+"/acknowledgments", "application/json", `{"signers":[{"name":"","email":"x@example.com"}]}`); st != 400 || !strings.Contains(string(b), `"signers[0].name"`) {
				t.Errorf("nameless signer: %d %s", st, b)
			}

			var a ackOut
			admin.json("POST", "/api/v1/clients/"+c.ID+"/acknowledgments", map[string]any{"signers": []map[string]string{
				{"name": "Robin Reyes", "email": "robin@example.com"}, {"name": "Jordan Reyes", "email": "jordan@example.com"}}}, 201, &a)
			if a.Status != "pending" || len(a.Signers) != 2 {
				t.Fatalf("created %+v", a)
			}
			links := map[string]string{}
			for _, sg := range a.Signers {
				if !strings.HasPrefix(sg.SignURL, base+"/sign/") || sg.Status != "pending" {
					t.Fatalf("signer %+v", sg)
				}
				m := smtp.WaitFor(t, sg.Email, "Please acknowledge", 20*time.Second)
				_, text := mailText(t, m.Data)
				link := signLink.FindString(text)
				if link != sg.SignURL {
					t.Fatalf("email to %s carries %q, want %q:\n%s", sg.Email, link, sg.SignURL, text)
				}
				links[sg.Name] = link
			}

			// Robin: first without consent (refused, nothing signed), then
			// properly, with a question for the therapist.
			browsertest.Run(t, ctx,
				chromedp.Navigate(links["Robin Reyes"]),
				browsertest.WaitFor("#sign-form"),
				browsertest.WaitFor("#document h1"),
				browsertest.SetValue("#sign-name", "Robin Reyes"),
				chromedp.Click("#sign-intent", chromedp.ByQuery),
				browsertest.ClickNav("#sign-button"),
				browsertest.WaitFor("#consent-err"),
			)
			var list []ackOut
			admin.json("GET", "/api/v1/clients/"+c.ID+"/acknowledgments", nil, 200, &list)
			if list[0].Signers[0].Status != "pending" {
				t.Fatalf("a signature without consent was recorded: %+v", list[0])
			}
			browsertest.Run(t, ctx,
				chromedp.Click("#sign-consent", chromedp.ByQuery),
				browsertest.SetValue("#sign-questions", "Can I email to reschedule?"),
			)
			browsertest.Run(t, ctx,
				browsertest.ClickNav("#sign-button"),
				browsertest.WaitFor("#signed-note"),
				browsertest.WaitFor("#copy-pdf"),
				// The link is now used: it shows the thank-you page only.
				chromedp.Navigate(links["Robin Reyes"]),
				browsertest.WaitFor("#signed-note"),
			)
			var hasForm bool
			browsertest.Run(t, ctx, chromedp.Evaluate(`!!document.querySelector("#sign-form")`, &hasForm))
			if hasForm {
				t.Error("a used link still shows the signing form")
			}
			browsertest.Run(t, ctx,
				chromedp.Navigate(links["Jordan Reyes"]),
				browsertest.WaitFor("#sign-form"),
				chromedp.Click("#sign-consent", chromedp.ByQuery),
				browsertest.SetValue("#sign-name", "Jordan Reyes"),
				chromedp.Click("#sign-intent", chromedp.ByQuery),
				browsertest.ClickNav("#sign-button"),
				browsertest.WaitFor("#signed-note"),
			)

			// The therapist countersigns; a second countersignature conflicts.
			var done ackOut
			ther.json("POST", "/api/v1/acknowledgments/"+a.ID+"/countersign", nil, 200, &done)
			if done.Status != "signed" || done.CountersignedBy != me.Name || done.SignedPDFSHA256 == "" {
				t.Fatalf("countersigned %+v", done)
			}
			if st, _, _ := ther.do("POST", "/api/v1/acknowledgments/"+a.ID+"/countersign", "", ""); st != 409 {
				t.Errorf("second countersignature: %d", st)
			}
			st, _, pdf := admin.do("GET", "/api/v1/acknowledgments/"+a.ID+"/pdf", "", "")
			if st != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("pdf: %d", st)
			}
			file := filepath.Join(t.TempDir(), "signed.pdf")
			os.WriteFile(file, pdf, 0o600)
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(string(out)), "")
			today := time.Now().UTC().Format("January 2, 2006")
			for _, want := range []string{"RobinReyes", "JordanReyes", strings.ReplaceAll(me.Name, " ", ""), "Certificateofsigning",
				a.DocumentSHA256, strings.ReplaceAll(today, " ", ""), "countersigned", "opened", "signed"} {
				if !strings.Contains(flat, want) {
					t.Errorf("signed PDF lacks %q", want)
				}
			}

			var chart []entry
			admin.json("GET", "/api/v1/clients/"+c.ID+"/records", nil, 200, &chart)
			last := chart[len(chart)-1]
			if last.Kind != "acknowledgment" || !strings.Contains(last.Text, a.DocumentSHA256) || !strings.Contains(last.Text, done.SignedPDFSHA256) {
				t.Errorf("chart entry = %+v", last)
			}
			var agenda []struct{ Text string }
			admin.json("GET", "/api/v1/clients/"+c.ID+"/agenda", nil, 200, &agenda)
			if len(agenda) != 1 || !strings.Contains(agenda[0].Text, "Can I email to reschedule?") {
				t.Errorf("agenda = %+v", agenda)
			}
			if _, errs, code := runCmd(t, "", "verify", "--db", dbURL); code != 0 {
				t.Fatalf("verify: %s", errs)
			}

			// Unknown and malformed links get a clear page that names no one.
			for _, p := range []string{"/sign/fks_" + strings.Repeat("x", 43), "/sign/whatever"} {
				st, _, body := (&apiClient{t: t, base: base}).do("GET", p, "", "")
				if st != 404 || !strings.Contains(string(body), "not valid") || strings.Contains(string(body), "Robin") {
					t.Errorf("%s: %d %s", p, st, body)
				}
			}

			// Version 2: the client needs to acknowledge again and is told.
			admin.json("POST", "/api/v1/policy/versions", map[string]any{"summary": "Texts are now for scheduling.",
				"clauses": map[string]string{"texting": "administrative_only"}}, 201, nil)
			admin.json("GET", "/api/v1/clients/"+c.ID+"/acknowledgments", nil, 200, &list)
			if len(list) != 2 || list[1].ID != a.ID || list[1].Status != "needs_reacknowledgment" || list[0].PolicyVersion != 2 {
				t.Fatalf("after version 2: %+v", list)
			}
			stdout, errs, code := runCmd(t, "", "ack", "status", "--db", dbURL, "--json")
			if code != 0 {
				t.Fatalf("ack status: %s", errs)
			}
			var rep struct {
				PolicyVersion int `json:"policy_version"`
				Clients       []struct {
					ClientID string `json:"client_id"`
					Status   string `json:"status"`
				} `json:"clients"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.PolicyVersion != 2 || len(rep.Clients) != 1 || rep.Clients[0].Status != "needs_reacknowledgment" {
				t.Errorf("ack status = %s (%v)", stdout, err)
			}
			notice := smtp.WaitFor(t, "robin@example.com", "changed", 30*time.Second)
			subject, text := mailText(t, notice.Data)
			if !strings.Contains(text, "Texts are now for scheduling.") || !strings.Contains(text, "version 2") || !signLink.MatchString(text) {
				t.Errorf("notice %q:\n%s", subject, text)
			}
			smtp.WaitFor(t, "jordan@example.com", "changed", 10*time.Second)
		})
	}
}
