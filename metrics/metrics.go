// Package metrics exposes Framekeeper's operational figures to Prometheus:
// HTTP requests by surface and status, the intake queue depth, how long a
// decision takes, open crises, and errors. One registry per process, made
// by New and passed down; nothing is global.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Gauges reads figures that live in the database at scrape time.
type Gauges interface {
	QueueDepth(ctx context.Context) (int, error)
	OpenCrises(ctx context.Context) (int, error)
}

// Metrics holds the collectors.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	decisions *prometheus.HistogramVec
	errors    *prometheus.CounterVec
}

// New registers the collectors; gauges may be nil.
func New(g Gauges) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "framekeeper_http_requests_total",
			Help: "HTTP requests by surface (api, console, public, hooks, sign, other) and status code."}, []string{"surface", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "framekeeper_http_request_duration_seconds",
			Help: "HTTP request duration by surface.", Buckets: prometheus.DefBuckets}, []string{"surface"}),
		decisions: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "framekeeper_triage_processing_seconds",
			Help: "Time to resolve, decide and commit one interaction, by outcome (done, failed).", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"outcome"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "framekeeper_errors_total",
			Help: "Errors by kind (internal for 500s, triage for failed decisions, delivery for failed sends)."}, []string{"kind"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.errors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if g != nil {
		m.reg.MustRegister(
			gaugeFunc("framekeeper_intake_queue_depth", "Interactions stored and not yet decided (waiting, retrying or in progress).", g.QueueDepth),
			gaugeFunc("framekeeper_crises_open", "Crisis alerts nobody has acknowledged yet.", g.OpenCrises),
		)
	}
	return m
}

func gaugeFunc(name, help string, read func(context.Context) (int, error)) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := read(ctx)
		if err != nil {
			return -1 // visible as "unknown" rather than a false zero
		}
		return float64(n)
	})
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request records one HTTP request.
func (m *Metrics) Request(surface string, code int, d time.Duration) {
	m.requests.WithLabelValues(surface, codeLabel(code)).Inc()
	m.latency.WithLabelValues(surface).Observe(d.Seconds())
	if code >= 500 {
		m.errors.WithLabelValues("internal").Inc()
	}
}

// Decision records one attempt at deciding an interaction.
func (m *Metrics) Decision(d time.Duration, err error) {
	outcome := "done"
	if err != nil {
		outcome = "failed"
		m.errors.WithLabelValues("triage").Inc()
	}
	m.decisions.WithLabelValues(outcome).Observe(d.Seconds())
}

// DeliveryFailed counts a failed send from the outbox.
func (m *Metrics) DeliveryFailed() { m.errors.WithLabelValues("delivery").Inc() }

func codeLabel(code int) string {
	switch {
	case code >= 500:
		return "5xx"
	case code >= 400:
		return strconv.Itoa(code) // few distinct client errors, each worth seeing
	case code >= 300:
		return "3xx"
	}
	return "2xx"
}
