package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/render"
)

// Rate limits of the signing pages, per address: a few mistyped links are
// normal; guessing is not.
const (
	signWindow     = 15 * time.Minute
	maxBadSignings = 20
	maxSignings    = 300
	maxSignForm    = 64 << 10
)

// signSite serves the public signing pages. They are standalone pages in
// the console's look without its navigation, and say nothing about anyone
// but the holder of the link.
type signSite struct {
	*Server
	pages map[string]*template.Template
}

type signData struct {
	Title     string
	Practice  string
	Token     string
	View      *ack.SigningView
	Article   template.HTML
	Heading   string
	Message   string
	Error     string
	Fields    map[string]string
	TypedName string
	Questions string
	Consent   bool
	Intent    bool
	Expires   string
	SignedAt  string
}

// signRoutes is the route table of the signing pages, behind the same
// cross-origin protection as the console.
func (s *Server) signRoutes() http.Handler {
	ss := &signSite{Server: s, pages: map[string]*template.Template{}}
	funcs := template.FuncMap{"asset": func(name string) string { return s.views.urls[name] }}
	files, _ := fs.Glob(assets, "templates/sign_*.html")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "sign_layout" {
			continue
		}
		ss.pages[name] = template.Must(template.New("sign_layout.html").Funcs(funcs).ParseFS(assets, "templates/sign_layout.html", f))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sign/{token}", ss.page)
	mux.HandleFunc("POST /sign/{token}", ss.sign)
	mux.HandleFunc("POST /sign/{token}/paper", ss.paper)
	mux.HandleFunc("GET /sign/{token}/print", ss.print)
	mux.HandleFunc("GET /sign/{token}/policy.pdf", ss.policyPDF)
	mux.HandleFunc("GET /sign/{token}/copy.pdf", ss.copyPDF)
	mux.HandleFunc("/sign/", func(w http.ResponseWriter, r *http.Request) {
		ss.message(w, r, http.StatusNotFound, "Link not valid", (&ack.LinkError{Reason: ack.LinkUnknown}).Message())
	})
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxSignForm)
		}
		// Signing pages are never cached or indexed: each is one person's.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		cop.Handler(mux).ServeHTTP(w, r)
	})
}

// limited counts the request against its address and answers 429 when the
// address has been guessing.
func (ss *signSite) limited(w http.ResponseWriter, r *http.Request) bool {
	total, bad, err := ss.Acks.SignAttempts(r.Context(), ss.clientIP(r), time.Now().Add(-signWindow))
	if err != nil {
		ss.fail(w, r, err)
		return true
	}
	if bad >= maxBadSignings || total >= maxSignings {
		w.Header().Set("Retry-After", strconv.Itoa(int(signWindow.Seconds())))
		ss.message(w, r, http.StatusTooManyRequests, "Please wait", "Too many attempts from your connection. Please wait 15 minutes and try again.")
		return true
	}
	return false
}

// note records the attempt: whether the link was usable is all that is
// kept of a bad one.
func (ss *signSite) note(r *http.Request, err error) {
	var le *ack.LinkError
	ok := err == nil || !errors.As(err, &le) || le.Reason == ack.LinkUsed
	if rerr := ss.Acks.RecordSignAttempt(r.Context(), ss.clientIP(r), ok); rerr != nil {
		ss.log.Error("Record signing attempt", "error", rerr)
	}
}

func (ss *signSite) page(w http.ResponseWriter, r *http.Request) {
	if ss.Acks == nil || ss.limited(w, r) {
		if ss.Acks == nil {
			http.NotFound(w, r)
		}
		return
	}
	token := r.PathValue("token")
	v, err := ss.Acks.Open(r.Context(), token, ss.clientIP(r), r.UserAgent())
	ss.note(r, err)
	if err != nil {
		ss.linkError(w, r, v, err)
		return
	}
	ss.form(w, r, http.StatusOK, token, v, signData{})
}

// form renders the document and the signing form.
func (ss *signSite) form(w http.ResponseWriter, r *http.Request, status int, token string, v *ack.SigningView, d signData) {
	doc := v.Document
	doc.Signature = nil // the form below is the signature block
	article, err := render.PolicyFragment(doc, render.HTMLOptions{})
	if err != nil {
		ss.fail(w, r, err)
		return
	}
	d.Title, d.Practice, d.Token, d.View, d.Article = "Read and sign: "+v.Document.Title, v.Practice, token, v, article
	d.Expires = v.ExpiresAt.UTC().Format("January 2, 2006")
	if d.TypedName == "" && d.Fields == nil {
		d.TypedName = v.SignerName
	}
	ss.renderSign(w, r, status, "sign_page", d)
}

// linkError explains an unusable link. A used one gets the thank-you page
// (with the copy while it lasts); the rest a plain explanation.
func (ss *signSite) linkError(w http.ResponseWriter, r *http.Request, v *ack.SigningView, err error) {
	var le *ack.LinkError
	if !errors.As(err, &le) {
		ss.fail(w, r, err)
		return
	}
	if le.Reason == ack.LinkUsed && v != nil {
		ss.done(w, r, http.StatusOK, r.PathValue("token"), v)
		return
	}
	status := http.StatusGone
	if le.Reason == ack.LinkUnknown {
		status = http.StatusNotFound
	}
	ss.message(w, r, status, "This link cannot be used", le.Message())
}

func (ss *signSite) done(w http.ResponseWriter, r *http.Request, status int, token string, v *ack.SigningView) {
	d := signData{Title: "Thank you", Practice: v.Practice, Token: token, View: v}
	if v.SignedAt != nil {
		d.SignedAt = v.SignedAt.UTC().Format("January 2, 2006 at 15:04 UTC")
	}
	ss.renderSign(w, r, status, "sign_done", d)
}

func (ss *signSite) sign(w http.ResponseWriter, r *http.Request) {
	if ss.Acks == nil || ss.limited(w, r) {
		return
	}
	token := r.PathValue("token")
	if err := r.ParseForm(); err != nil {
		ss.message(w, r, http.StatusBadRequest, "Not signed", "The form could not be read. Please go back and try again.")
		return
	}
	sig := ack.Signature{TypedName: r.PostFormValue("typed_name"), Consent: r.PostFormValue("consent") == "yes",
		Intent: r.PostFormValue("intent") == "yes", Questions: r.PostFormValue("questions"), IP: ss.clientIP(r), UserAgent: r.UserAgent()}
	v, err := ss.Acks.Sign(r.Context(), token, sig)
	ss.note(r, err)
	if err == nil {
		ss.done(w, r, http.StatusOK, token, v)
		return
	}
	var fe *framekeeper.Error
	if errors.As(err, &fe) && fe.Code == framekeeper.EINVALID && v != nil {
		ss.form(w, r, http.StatusBadRequest, token, v, signData{Error: fe.Message, Fields: fe.Fields,
			TypedName: r.PostFormValue("typed_name"), Questions: r.PostFormValue("questions"), Consent: sig.Consent, Intent: sig.Intent})
		return
	}
	ss.linkError(w, r, v, err)
}

func (ss *signSite) paper(w http.ResponseWriter, r *http.Request) {
	if ss.Acks == nil || ss.limited(w, r) {
		return
	}
	v, err := ss.Acks.AskPaper(r.Context(), r.PathValue("token"), ss.clientIP(r), r.UserAgent())
	ss.note(r, err)
	if err != nil {
		ss.linkError(w, r, v, err)
		return
	}
	ss.message(w, r, http.StatusOK, "We will give you a paper copy",
		"Thank you. We have noted that you would rather sign on paper. "+v.Practice+" will give you a printed copy of the policy to read and sign at your next session.")
}

// print is the document as a standalone, printable page.
func (ss *signSite) print(w http.ResponseWriter, r *http.Request) {
	v, ok := ss.usable(w, r)
	if !ok {
		return
	}
	b, err := render.PolicyHTML(v.Document, render.HTMLOptions{PDFURL: "/sign/" + r.PathValue("token") + "/policy.pdf"})
	if err != nil {
		ss.fail(w, r, err)
		return
	}
	// The standalone page carries its stylesheet inline; allow exactly it.
	sum := sha256.Sum256([]byte(render.PageCSS()))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b)
}

func (ss *signSite) policyPDF(w http.ResponseWriter, r *http.Request) {
	v, ok := ss.usable(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := render.PolicyPDF(&buf, v.Document, render.PDFOptions{Author: v.Practice}); err != nil {
		ss.fail(w, r, err)
		return
	}
	ss.sendPDF(w, "policy-v"+strconv.Itoa(v.PolicyVersion)+".pdf", buf.Bytes())
}

// copyPDF is the signer's own signed copy, for a short while after signing.
func (ss *signSite) copyPDF(w http.ResponseWriter, r *http.Request) {
	if ss.Acks == nil || ss.limited(w, r) {
		return
	}
	ev, err := ss.Acks.CopyEvidence(r.Context(), r.PathValue("token"))
	ss.note(r, err)
	if err != nil {
		var le *ack.LinkError
		if errors.As(err, &le) && le.Reason == ack.LinkUsed {
			ss.message(w, r, http.StatusGone, "Copy no longer available", "Your signed copy could be downloaded for 30 minutes after signing. Please ask the practice for a copy.")
			return
		}
		ss.linkError(w, r, nil, err)
		return
	}
	pdf, err := SignedPDF(ev)
	if err != nil {
		ss.fail(w, r, err)
		return
	}
	ss.sendPDF(w, "signed-policy-v"+strconv.Itoa(ev.Ack.PolicyVersion)+".pdf", pdf)
}

// usable checks the rate limit and the link for the read-only pages.
func (ss *signSite) usable(w http.ResponseWriter, r *http.Request) (*ack.SigningView, bool) {
	if ss.Acks == nil || ss.limited(w, r) {
		return nil, false
	}
	v, err := ss.Acks.Open(r.Context(), r.PathValue("token"), ss.clientIP(r), r.UserAgent())
	ss.note(r, err)
	if err != nil {
		ss.linkError(w, r, v, err)
		return nil, false
	}
	return v, true
}

func (ss *signSite) sendPDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

func (ss *signSite) message(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	d := signData{Title: heading, Heading: heading, Message: msg}
	if p, err := ss.Practice.FindPractice(r.Context()); err == nil {
		d.Practice = p.Name
	}
	ss.renderSign(w, r, status, "sign_message", d)
}

func (ss *signSite) fail(w http.ResponseWriter, r *http.Request, err error) {
	id := requestID(r.Context())
	ss.log.Error("Signing page failed", "error", err, "request_id", id)
	ss.message(w, r, http.StatusInternalServerError, "Something went wrong", "Something went wrong on our side. Nothing was signed. Please try again later. (Request "+id+".)")
}

func (ss *signSite) renderSign(w http.ResponseWriter, r *http.Request, status int, name string, d signData) {
	t, ok := ss.pages[name]
	if !ok {
		ss.log.Error("Missing view", "view", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		ss.log.Error("Render failed", "view", name, "error", err, "request_id", requestID(r.Context()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
