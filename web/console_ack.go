package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
)

// ackConsoleRoutes are the console pages of acknowledgments: the
// practice-wide status, each client's history, requests, countersignature,
// revocation, paper signatures and printed letters.
func (s *Server) ackConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("GET /console/acknowledgments", s.ackStatusPage)
	staff("POST /console/acknowledgments/resend", s.ackResend)
	staff("POST /console/acknowledgments/letters", s.ackLetters)
	staff("GET /console/clients/{id}/acknowledgments", s.ackClientPage)
	staff("POST /console/clients/{id}/acknowledgments", s.ackCreate)
	staff("GET /console/clients/{id}/acknowledgments/blank.pdf", s.ackBlankPDF)
	staff("POST /console/clients/{id}/acknowledgments/paper", s.ackPaper)
	staff("POST /console/acknowledgments/{ack}/countersign", s.ackCountersign)
	staff("POST /console/acknowledgments/{ack}/revoke", s.ackRevoke)
	staff("GET /console/acknowledgments/{ack}/pdf", s.ackPDF)
	staff("GET /console/acknowledgments/{ack}/scan", s.ackScan)
}

func (s *Server) ackStatusPage(w http.ResponseWriter, r *http.Request) {
	s.renderAckStatus(w, r, http.StatusOK, &page{Title: "Acknowledgments"})
}

func (s *Server) renderAckStatus(w http.ResponseWriter, r *http.Request, status int, p *page) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	rep, err := svc.Status(r.Context(), a)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	var attention, fine []ack.ClientState
	for _, c := range rep.Clients {
		if c.Status == ack.StatusSigned && !c.AwaitingCounter && !c.DeliveryFailed {
			fine = append(fine, c)
		} else {
			attention = append(attention, c)
		}
	}
	counts := []struct {
		Status ack.Status
		N      int
	}{}
	for _, st := range []ack.Status{ack.StatusSigned, ack.StatusPending, ack.StatusNeedsReack, ack.StatusExpired, ack.StatusRevoked, ack.StatusMissing} {
		counts = append(counts, struct {
			Status ack.Status
			N      int
		}{st, rep.Counts[st]})
	}
	p.Data = map[string]any{"Report": rep, "Counts": counts, "Attention": attention, "Fine": fine}
	s.render(w, r, status, "ack_status", p)
}

func (s *Server) ackResend(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EINVALID, "The form could not be read."))
		return
	}
	ids := r.PostForm["client_id"]
	if len(ids) == 0 {
		p := &page{Title: "Acknowledgments", Error: "Choose at least one client to send a new link to."}
		s.renderAckStatus(w, r, http.StatusBadRequest, p)
		return
	}
	n, err := svc.Resend(r.Context(), a, ids)
	if err != nil {
		p := &page{Title: "Acknowledgments"}
		formError(p, err)
		s.renderAckStatus(w, r, statusOf(err), p)
		return
	}
	s.renderAckStatus(w, r, http.StatusOK, &page{Title: "Acknowledgments", Flash: "New links sent to " + strconv.Itoa(n) + " client(s)."})
}

// ackLetters prints every waiting letter as one PDF. It is a POST because
// printing issues new links.
func (s *Server) ackLetters(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	letters, err := svc.Letters(r.Context(), a)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	if len(letters) == 0 {
		s.renderAckStatus(w, r, http.StatusOK, &page{Title: "Acknowledgments", Flash: "No letters are waiting to be printed."})
		return
	}
	pdf, err := lettersPDF(letters)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	s.sendConsolePDF(w, "acknowledgment-letters-"+time.Now().Format("2006-01-02")+".pdf", pdf)
}

func (s *Server) sendConsolePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// ackForm is the request form as typed: one signer per line, "Name, email".
type ackForm struct {
	Signers string
}

func (s *Server) ackClientPage(w http.ResponseWriter, r *http.Request) {
	s.renderAckClient(w, r, http.StatusOK, &page{}, ackForm{}, nil)
}

func (s *Server) renderAckClient(w http.ResponseWriter, r *http.Request, status int, p *page, form ackForm, issued *ack.Acknowledgment) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	c, err := s.Clients.FindClientByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	list, err := svc.ForClient(r.Context(), a, c.ID)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	if form.Signers == "" {
		line := c.Name
		for _, id := range c.Identities {
			if id.Kind == framekeeper.IdentityEmail {
				line += ", " + id.Value
				break
			}
		}
		form.Signers = line
	}
	current := 0
	if v, err := s.Policies.Current(r.Context()); err == nil {
		current = v.Number
	}
	p.Title = "Acknowledgments: " + c.Name
	p.Data = map[string]any{"Client": c, "Acks": list, "Form": form, "Issued": issued, "Current": current,
		"State": ack.StateOf(current, list, time.Now()), "CanCountersign": a.CanWriteChart(), "CanRecordPaper": a.CanWriteChart(),
		"Today": time.Now().Format("2006-01-02")}
	s.render(w, r, status, "ack_client", p)
}

// parseSigners reads "Name, email" lines.
func parseSigners(text string) []ack.SignerInput {
	var out []ack.SignerInput
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		in := ack.SignerInput{Name: line}
		if i := strings.LastIndex(line, ","); i >= 0 && strings.Contains(line[i:], "@") {
			in.Name, in.Email = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:])
		}
		out = append(out, in)
	}
	return out
}

func (s *Server) ackCreate(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	form := ackForm{Signers: r.PostFormValue("signers")}
	out, err := svc.Request(r.Context(), a, r.PathValue("id"), ack.Request{Signers: parseSigners(form.Signers)})
	if err != nil {
		if st := statusOf(err); st == http.StatusNotFound || st == http.StatusForbidden {
			s.consoleError(w, r, err)
			return
		}
		p := &page{}
		formError(p, err)
		if len(p.Fields) > 0 {
			p.Error = framekeeper.ErrorMessage(err)
		}
		s.renderAckClient(w, r, statusOf(err), p, form, nil)
		return
	}
	s.renderAckClient(w, r, http.StatusOK, &page{Flash: "Request sent. Email links are on their way; letters wait on the acknowledgments page to be printed."}, ackForm{}, out)
}

func (s *Server) ackBlankPDF(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	ev, err := svc.BlankEvidence(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	pdf, err := blankPDF(ev)
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	s.sendConsolePDF(w, "policy-v"+strconv.Itoa(ev.Ack.PolicyVersion)+"-to-sign.pdf", pdf)
}

// ackPaper records a wet signature from an uploaded scan.
func (s *Server) ackPaper(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	fail := func(err error) {
		p := &page{}
		formError(p, err)
		if len(p.Fields) > 0 {
			p.Error = framekeeper.ErrorMessage(err)
		}
		s.renderAckClient(w, r, statusOf(err), p, ackForm{}, nil)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(framekeeper.Invalid("scan", "The scan is larger than %d MB.", ack.MaxScanSize>>20).WithCode(framekeeper.ETOOLARGE))
			return
		}
		fail(framekeeper.Invalid("scan", "Choose the scanned, signed page to upload."))
		return
	}
	defer r.MultipartForm.RemoveAll()
	var scan []byte
	if f, _, err := r.FormFile("scan"); err == nil {
		scan, err = io.ReadAll(io.LimitReader(f, ack.MaxScanSize+1))
		f.Close()
		if err != nil {
			fail(framekeeper.Invalid("scan", "The scan could not be read."))
			return
		}
	}
	signedOn, err := time.Parse("2006-01-02", r.PostFormValue("signed_on"))
	if err != nil {
		fail(framekeeper.Invalid("signed_on", "Give the date written beside the signatures."))
		return
	}
	var names []string
	for _, in := range parseSigners(r.PostFormValue("paper_signers")) {
		names = append(names, in.Name)
	}
	rec := ack.PaperRecord{Signers: names, SignedOn: signedOn, Scan: scan, Attestation: r.PostFormValue("attestation"), Attested: r.PostFormValue("attest") == "yes"}
	if _, err := svc.RecordPaper(r.Context(), a, r.PathValue("id"), rec); err != nil {
		if st := statusOf(err); st == http.StatusNotFound || st == http.StatusForbidden {
			s.consoleError(w, r, err)
			return
		}
		fail(err)
		return
	}
	s.renderAckClient(w, r, http.StatusOK, &page{Flash: "The paper acknowledgment was recorded and added to the chart."}, ackForm{}, nil)
}

func (s *Server) ackCountersign(w http.ResponseWriter, r *http.Request) {
	s.ackAction(w, r, func(svc ack.Service, a framekeeper.Actor, id string) (*ack.Acknowledgment, error) {
		return svc.Countersign(r.Context(), a, id, s.clientIP(r), r.UserAgent())
	})
}

func (s *Server) ackRevoke(w http.ResponseWriter, r *http.Request) {
	s.ackAction(w, r, func(svc ack.Service, a framekeeper.Actor, id string) (*ack.Acknowledgment, error) {
		return svc.Revoke(r.Context(), a, id, r.PostFormValue("reason"))
	})
}

// ackAction runs an action on one acknowledgment and goes back to the
// client's page.
func (s *Server) ackAction(w http.ResponseWriter, r *http.Request, fn func(ack.Service, framekeeper.Actor, string) (*ack.Acknowledgment, error)) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	out, err := fn(svc, a, r.PathValue("ack"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/clients/"+out.ClientID+"/acknowledgments#"+out.ID, http.StatusSeeOther)
}

func (s *Server) ackPDF(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	pdf, err := svc.SignedPDF(r.Context(), a, r.PathValue("ack"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	s.sendConsolePDF(w, "acknowledgment-"+filenameSafe(r.PathValue("ack"))+".pdf", pdf)
}

func (s *Server) ackScan(w http.ResponseWriter, r *http.Request) {
	svc, err := s.acks()
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	a, _ := actorFrom(r.Context())
	b, typ, err := svc.Scan(r.Context(), a, r.PathValue("ack"))
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	ext := map[string]string{ack.ScanPDF: ".pdf", ack.ScanPNG: ".png", ack.ScanJPEG: ".jpg"}[typ]
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Disposition", `attachment; filename="acknowledgment-scan`+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}
