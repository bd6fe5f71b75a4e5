package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/framekeeper/framekeeper"
)

// codes maps application error codes to HTTP statuses: the one place the
// translation happens.
var codes = map[string]int{
	framekeeper.EINVALID:      http.StatusBadRequest,
	framekeeper.EUNAUTHORIZED: http.StatusUnauthorized,
	framekeeper.EFORBIDDEN:    http.StatusForbidden,
	framekeeper.ENOTFOUND:     http.StatusNotFound,
	framekeeper.ECONFLICT:     http.StatusConflict,
	framekeeper.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	framekeeper.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	framekeeper.ERATELIMITED:  http.StatusTooManyRequests,
	framekeeper.EINTERNAL:     http.StatusInternalServerError,
	"unprocessable":           http.StatusUnprocessableEntity,
}

// statusOf returns the HTTP status for an error.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	if st, ok := codes[framekeeper.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem details document. Errors lists per-field
// messages, with a JSON pointer to the field.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Errors   []FieldError `json:"errors,omitempty"`
}

// FieldError is one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// problemFor builds the problem document of an error. Only internal errors
// are logged with detail; the user sees a safe message.
func (s *Server) problemFor(r *http.Request, err error) Problem {
	st := statusOf(err)
	p := Problem{Type: "about:blank", Title: http.StatusText(st), Status: st, Instance: r.URL.Path}
	var e *framekeeper.Error
	switch {
	case st == http.StatusRequestEntityTooLarge:
		p.Detail = "The request body is too large."
	case errors.As(err, &e):
		p.Type = "/problems/" + e.Code
		p.Detail = e.Message
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p.Errors = append(p.Errors, FieldError{Field: k, Pointer: pointer(k), Detail: e.Fields[k]})
		}
	default:
		s.log.Error("Internal error", "error", err, "path", r.URL.Path, "request_id", requestID(r.Context()))
		p.Detail = "Something went wrong on our side. The error was logged with request id " + requestID(r.Context()) + "."
	}
	return p
}

// pointer turns "identities[0].value" into the JSON pointer "#/identities/0/value".
func pointer(field string) string {
	f := strings.NewReplacer("[", ".", "]", "").Replace(field)
	return "#/" + strings.ReplaceAll(f, ".", "/")
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	writeProblem(w, s.problemFor(r, err))
}

func writeProblem(w http.ResponseWriter, p Problem) {
	b, _ := json.MarshalIndent(p, "", "  ")
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Del("Content-Length")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="framekeeper"`)
	}
	w.WriteHeader(p.Status)
	w.Write(append(b, '\n'))
}

// problemFallback makes the router's own answers (404 for an unknown path,
// 405 for a wrong method) problem documents too, like every API error.
func problemFallback(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&problemWriter{ResponseWriter: w, r: r}, r)
	})
}

type problemWriter struct {
	http.ResponseWriter
	r        *http.Request
	rewrote  bool
	wroteHdr bool
}

func (w *problemWriter) WriteHeader(code int) {
	if w.wroteHdr {
		return
	}
	w.wroteHdr = true
	ct := w.Header().Get("Content-Type")
	if code >= 400 && !strings.Contains(ct, "json") {
		w.rewrote = true
		p := Problem{Type: "about:blank", Title: http.StatusText(code), Status: code, Instance: w.r.URL.Path}
		switch code {
		case http.StatusNotFound:
			p.Detail = "No such API route."
		case http.StatusMethodNotAllowed:
			p.Detail = "This route does not accept " + w.r.Method + "."
		}
		writeProblem(w.ResponseWriter, p)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *problemWriter) Write(b []byte) (int, error) {
	if !w.wroteHdr {
		w.WriteHeader(http.StatusOK)
	}
	if w.rewrote {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *problemWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeJSON writes v with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
