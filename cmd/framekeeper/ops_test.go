package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// TestOperations: health, readiness and Prometheus metrics.
func TestOperations(t *testing.T) {
	dbURL := storagetest.URL(t, "sqlite")
	base := startServer(t, dbURL)
	admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}
	admin.json("POST", "/api/v1/interactions", map[string]any{"kind": "sms", "channel": "sms", "from": map[string]string{"phone": "+14155550100"}, "text": "Running late"}, 201, nil)
	for path, want := range map[string]string{
		"/healthz": "ok",
		"/readyz":  "ready",
		"/metrics": "framekeeper_intake_queue_depth 0",
	} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, want 200 containing %q", path, res.StatusCode, want)
		}
		if path == "/metrics" {
			for _, m := range []string{`framekeeper_http_requests_total{code="2xx",surface="api"}`, "framekeeper_crises_open 0", `framekeeper_triage_processing_seconds_count{outcome="done"} 1`} {
				if !strings.Contains(string(b), m) {
					t.Errorf("metrics lack %q", m)
				}
			}
		}
	}
	// Metrics with a token refuse requests without it.
	base2 := startServerWith(t, storagetest.URL(t, "sqlite"), func(c *Config) { c.MetricsToken = "scrape-secret" })
	res, _ := http.Get(base2 + "/metrics")
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("metrics without the token: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", base2+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer scrape-secret")
	res, _ = http.DefaultClient.Do(req)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("metrics with the token: %d", res.StatusCode)
	}
}
