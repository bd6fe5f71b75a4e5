package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestDebugAddress: the profiler is served only on a loopback debug
// address of its own, never on the public listener, and a public debug
// address is refused at start-up.
func TestDebugAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:6060", "192.0.2.1:6060", ":6060", "example.org:6060"} {
		cfg := defaultConfig()
		cfg.DebugAddr = addr
		if err := cfg.validate(); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("debug address %q: %v, want a refusal naming loopback", addr, err)
		}
	}
	debug := freeAddr(t)
	srv := startServerWith(t, "sqlite:"+filepath.Join(t.TempDir(), "fk.db"), func(c *Config) { c.DebugAddr = debug })
	res, err := http.Get("http://" + debug + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || len(body) == 0 {
		t.Errorf("profiler on the debug address: %d %q", res.StatusCode, body)
	}
	res, err = http.Get(srv + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusOK {
		t.Error("the profiler answers on the public listener")
	}
}
