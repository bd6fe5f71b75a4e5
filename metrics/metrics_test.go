package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/metrics"
)

type gauges struct{ depth, crises int }

func (g gauges) QueueDepth(context.Context) (int, error) { return g.depth, nil }
func (g gauges) OpenCrises(context.Context) (int, error) { return g.crises, nil }

func TestExposition(t *testing.T) {
	m := metrics.New(gauges{depth: 7, crises: 2})
	m.Request("api", 201, 5*time.Millisecond)
	m.Request("api", 500, time.Millisecond)
	m.Request("hooks", 403, time.Millisecond)
	m.Decision(3*time.Millisecond, nil)
	m.Decision(time.Millisecond, errors.New("boom"))
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	out := string(body)
	for _, want := range []string{
		`framekeeper_http_requests_total{code="2xx",surface="api"} 1`,
		`framekeeper_http_requests_total{code="5xx",surface="api"} 1`,
		`framekeeper_http_requests_total{code="403",surface="hooks"} 1`,
		`framekeeper_intake_queue_depth 7`,
		`framekeeper_crises_open 2`,
		`framekeeper_errors_total{kind="internal"} 1`,
		`framekeeper_errors_total{kind="triage"} 1`,
		`framekeeper_triage_processing_seconds_count{outcome="done"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
