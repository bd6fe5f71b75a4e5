package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/deliver"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/mail"
	"github.com/framekeeper/framekeeper/metrics"
	"github.com/framekeeper/framekeeper/postcheck"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/web"
)

// App is the running server: it wires configuration, database and web
// server, and shuts them down in reverse order.
type App struct {
	cfg      Config
	log      *slog.Logger
	db       *storage.DB
	ln       net.Listener
	debugLn  net.Listener // the profiler's, when FRAMEKEEPER_DEBUG_ADDR is set
	srv      *http.Server
	pipeline *intake.Pipeline
	outbox   *deliver.Worker
	acks     *ack.Worker
	version  string
	channels channelRuntime
}

// NewApp returns an app for a validated configuration.
func NewApp(cfg Config, logOut io.Writer) *App {
	var h slog.Handler = slog.NewTextHandler(logOut, nil)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(logOut, nil)
	}
	return &App{cfg: cfg, log: slog.New(h), version: version()}
}

// Open connects to the database (applying migrations), makes sure a
// practice exists, and starts listening.
func (a *App) Open(ctx context.Context) error {
	db, err := storage.Open(ctx, a.cfg.DB)
	if err != nil {
		return err
	}
	a.db = db
	if _, err := db.EnsurePractice(ctx, "My Practice"); err != nil {
		return fmt.Errorf("set up practice: %w", err)
	}
	// Listen first: links in alerts and signing emails need the real
	// address when no public URL is configured (and port 0 picks one).
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	a.ln = ln
	if a.cfg.DebugAddr != "" {
		if a.debugLn, err = net.Listen("tcp", a.cfg.DebugAddr); err != nil {
			return fmt.Errorf("listen on debug address %s: %w", a.cfg.DebugAddr, err)
		}
	}
	publicURL := a.URL()
	resolver := resolve.NewResolver(db.Roster())
	a.pipeline = &intake.Pipeline{
		Store:    db,
		Context:  storage.TriageContext{DB: db, PublicURL: publicURL, AlertWebhook: a.cfg.AlertWebhook},
		Resolve:  resolver.Resolve,
		Consents: db.IntakeConsents,
		Detector: detect.Default(),
		Log:      a.log,
		Workers:  a.cfg.Workers,
	}
	m := metrics.New(db)
	a.pipeline.Observe = m.Decision
	a.outbox = &deliver.Worker{Store: db, Log: a.log, OnFailure: m.DeliveryFailed}
	a.outbox.Guard = outboundGuard
	if a.cfg.SMTP != "" {
		if a.outbox.Mail, err = mail.NewSender(a.cfg.SMTP, a.cfg.MailFrom); err != nil {
			return err
		}
	}
	if a.cfg.AlertWebhook != "" {
		a.outbox.Webhook = &deliver.Webhook{Secret: a.cfg.WebhookSecret}
	}
	if err := a.openChannels(ctx); err != nil {
		return err
	}
	acks := db.Acks(a.URL, web.SignedPDF)
	a.acks = &ack.Worker{Store: acks, Log: a.log}
	ws, err := web.New(web.Services{
		Clients: db, Records: db, Staff: db, Auth: db, Practice: db, Policies: db.Policies(),
		Intake: a.pipeline, Interactions: db, Agenda: db, Alerts: db, Review: db, Acks: acks,
		Channels: db, ChannelTests: a.channelTests(), AuditResolve: resolver.Resolve,
		Governance: db, Consents: db, PostCheck: postcheck.New(), OutboundCheck: storage.OutboundGuard().Check,
		Observer: m, Metrics: m.Handler(),
		Ready: func(ctx context.Context) error {
			if err := db.Ping(ctx); err != nil {
				return err
			}
			if ok, err := db.MigrationsCurrent(ctx); err != nil || !ok {
				return errors.Join(err, errors.New("migrations pending"))
			}
			return nil
		},
	}, web.Config{PublicURL: a.cfg.PublicURL, Version: a.version, Channels: a.webChannels(), MetricsToken: a.cfg.MetricsToken}, a.log)
	if err != nil {
		return err
	}
	a.srv = &http.Server{
		Handler:           ws.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	return nil
}

// URL is the address the app can be reached at.
func (a *App) URL() string {
	if a.cfg.PublicURL != "" {
		return a.cfg.PublicURL
	}
	return "http://" + a.ln.Addr().String()
}

// Run serves until ctx is cancelled, then shuts down gracefully.
func (a *App) Run(ctx context.Context) error {
	a.log.Info("Listening", "addr", a.ln.Addr().String(), "url", a.URL(), "db", redactURL(a.cfg.DB), "version", a.version)
	// Workers run on their own context so that shutdown can first stop
	// taking requests, then drain them.
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	workers.Add(2)
	go func() { defer workers.Done(); a.pipeline.Run(wctx) }()
	go func() { defer workers.Done(); a.outbox.Run(wctx) }()
	a.runChannels(wctx, &workers)
	workers.Add(1)
	go func() { defer workers.Done(); a.governanceReminders(wctx) }()
	workers.Add(1)
	go func() { defer workers.Done(); a.acks.Run(wctx) }()
	defer func() { stopWorkers(); workers.Wait() }()

	if a.debugLn != nil {
		dbg := a.debugServer()
		defer dbg.Close()
	}

	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve(a.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("Shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// debugServer serves the profiler on the loopback debug address. It has its
// own mux: importing net/http/pprof only for its handlers keeps it off the
// public one.
func (a *App) debugServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	a.log.Info("Profiler listening", "addr", a.debugLn.Addr().String())
	go srv.Serve(a.debugLn)
	return srv
}

// Close releases what Open acquired, in reverse order.
func (a *App) Close() error {
	var errs []error
	if a.ln != nil {
		a.ln.Close()
	}
	if a.debugLn != nil {
		a.debugLn.Close()
	}
	a.closeChannels()
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	return errors.Join(errs...)
}
