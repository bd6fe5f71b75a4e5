// Package web serves Framekeeper over HTTP: the JSON API under /api/v1, the
// staff console, public pages and health checks. Each surface has one route
// table; handlers are methods on Server and reach data only through the
// domain service interfaces.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/audit"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/consent"
	"github.com/framekeeper/framekeeper/governance"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/postcheck"
)

// Services are the domain services the web surfaces use.
type Services struct {
	Clients  framekeeper.ClientService
	Records  framekeeper.RecordService
	Staff    framekeeper.StaffService
	Auth     framekeeper.AuthService
	Practice framekeeper.PracticeService
	Policies policy.Service
	// Intake takes interactions in; Interactions, Agenda and Alerts read
	// what triage produced.
	Intake       Intake
	Interactions intake.Store
	Agenda       framekeeper.AgendaService
	Alerts       framekeeper.AlertService
	Review       Review
	// Acks keeps acknowledgments of the policy and serves the signing pages.
	Acks ack.Service
	// Channels keeps webhook events and channel settings; ChannelTests
	// check each channel for real from the channels page (by channel name).
	Channels     ChannelStore
	ChannelTests map[string]ChannelTest
	// AuditResolve recognises people in connection audits.
	AuditResolve audit.Resolver
	// OutboundCheck vets text the practice sends (nil: no check).
	OutboundCheck func(string) error
	// Observer and Metrics (the /metrics handler) are optional.
	Observer Observer
	Metrics  http.Handler
	// Governance keeps search requests, self-audits and the practice's
	// editable messages; Consents each client's consents; PostCheck lints
	// a draft post.
	Governance governance.Service
	Consents   consent.Service
	PostCheck  *postcheck.Checker
	// Ready reports whether the server can take traffic (database reachable,
	// migrations current). Nil means always ready.
	Ready func(ctx context.Context) error
}

// Config holds the web settings, passed down as plain values.
type Config struct {
	// PublicURL is the external base URL (links, cookie security).
	PublicURL string
	// Version is shown in the console footer and /healthz.
	Version string
	// PasswordParams are the argon2id costs for new passwords.
	PasswordParams auth.Params
	// SessionTTL is how long a console login lasts.
	SessionTTL time.Duration
	// TrustProxy takes the client IP from X-Forwarded-For (behind a load
	// balancer); off by default so a client cannot spoof its address.
	TrustProxy bool
	// MetricsToken, when set, is the bearer token /metrics requires;
	// otherwise /metrics answers only requests from this machine.
	MetricsToken string
	// Channels holds the webhook secrets and what the channels page shows.
	Channels ChannelConfig
}

// Observer records request figures (package metrics).
type Observer interface {
	Request(surface string, code int, d time.Duration)
}

// Server holds the handlers' dependencies.
type Server struct {
	Services
	cfg   Config
	log   *slog.Logger
	views *views
}

// Body size limits: API JSON documents and console forms are small; a larger
// body is refused with 413 before it is read.
const (
	maxAPIBody  = 1 << 20
	maxFormBody = 256 << 10
)

// New builds a server, parsing every template once so a missing view fails
// at start-up rather than on a request.
func New(s Services, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.PasswordParams.Memory == 0 {
		cfg.PasswordParams = auth.DefaultParams
	}
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	return &Server{Services: s, cfg: cfg, log: log, views: v}, nil
}

// Handler returns the whole site: the route tables of each surface behind
// the common middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", problemFallback(s.apiRoutes()))
	mux.Handle("/p/", s.publicRoutes())
	mux.Handle("/sign/", s.signRoutes())
	mux.Handle("/hooks/", s.hookRoutes())
	mux.Handle("/", s.consoleRoutes())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.Metrics != nil {
		mux.Handle("GET /metrics", s.metricsGuard(s.Metrics))
	}
	mux.Handle("GET /static/", s.staticHandler())
	return s.withRequestLog(securityHeaders(recoverer(s.log, mux)))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			s.log.Warn("Not ready", "error", err)
			http.Error(w, "not ready\n", http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n"))
}

// securityHeaders sets a strict Content Security Policy (no inline script,
// nothing from elsewhere) and the other headers every response carries. No
// referrer is sent, so a signing link in a URL never leaks to another site.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic in a handler into a 500 and one log line.
func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("Handler panicked", "panic", v, "path", r.URL.Path, "request_id", requestID(r.Context()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const (
	requestIDKey ctxKey = iota
	actorKey
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter remembers the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withRequestLog gives each request an id and logs one line when it ends.
// Only the path is logged, never the query (it may hold a search for a
// client's name) or a body.
func (s *Server) withRequestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r)
		path := r.URL.Path
		if strings.HasPrefix(path, "/sign/") {
			path = "/sign/…" // the token is a secret
		}
		d := time.Since(start)
		s.log.Info("Request", "method", r.Method, "path", path, "status", sw.status,
			"duration_ms", d.Milliseconds(), "request_id", id)
		if s.Observer != nil {
			s.Observer.Request(surface(r.URL.Path), sw.status, d)
		}
	})
}

// surface names the route table a path belongs to, for metrics.
func surface(path string) string {
	for _, p := range []struct{ prefix, name string }{{"/api/", "api"}, {"/console", "console"}, {"/p/", "public"}, {"/hooks/", "hooks"}, {"/sign/", "sign"}} {
		if strings.HasPrefix(path, p.prefix) {
			return p.name
		}
	}
	return "other"
}

// metricsGuard lets Prometheus in with the configured bearer token, or,
// without one, only from this machine.
func (s *Server) metricsGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.MetricsToken != "" {
			got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) != 1 {
				http.Error(w, "unauthorized\n", http.StatusUnauthorized)
				return
			}
		} else if ip := net.ParseIP(s.clientIP(r)); ip == nil || !ip.IsLoopback() {
			http.Error(w, "forbidden\n", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the address rate limits count by.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func actorFrom(ctx context.Context) (framekeeper.Actor, bool) {
	a, ok := ctx.Value(actorKey).(framekeeper.Actor)
	return a, ok
}

func withActor(r *http.Request, a framekeeper.Actor) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), actorKey, a))
}
