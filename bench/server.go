package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// binary builds cmd/framekeeper once per run: the benchmarks measure the
// product as shipped, not a test wiring of it.
func (r *runner) binary(ctx context.Context) (string, error) {
	if r.bin != "" {
		return r.bin, nil
	}
	bin := filepath.Join(r.dir, "framekeeper")
	r.logf("Building cmd/framekeeper")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/framekeeper")
	cmd.Dir = r.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cmd/framekeeper: %v\n%s", err, out)
	}
	r.bin = bin
	return bin, nil
}

// server is a running framekeeper serve process.
type server struct {
	cmd   *exec.Cmd
	addr  string
	debug string // the profiler's address, with --server-profile
	logs  *tailBuffer
	done  chan error
	r     *runner
}

// startServer runs `framekeeper serve` on dbURL at addr (127.0.0.1:0 for
// any port) with extra environment, and waits for its Listening line.
func (r *runner) startServer(ctx context.Context, dbURL, addr string, env ...string) (*server, error) {
	bin, err := r.binary(ctx)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--db", dbURL, "--addr", addr)
	cmd.Env = append(os.Environ(), env...)
	s := &server{cmd: cmd, logs: &tailBuffer{max: 64 << 10}, done: make(chan error, 1), r: r}
	if r.opt.serverProfile != "" {
		if s.debug, err = freePort(); err != nil {
			return nil, err
		}
		cmd.Env = append(cmd.Env, "FRAMEKEEPER_DEBUG_ADDR="+s.debug)
	}
	cmd.Stdout, cmd.Stderr = s.logs, s.logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if a := s.logs.listenAddr(); a != "" {
			s.addr = a
			break
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("server exited (%v): %s", err, s.logs.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("server did not start: %s", s.logs.String())
		}
	}
	return s, nil
}

// stop asks the server to shut down cleanly.
func (s *server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		return nil
	case <-time.After(30 * time.Second):
		s.kill()
		return fmt.Errorf("server did not stop within 30s")
	}
}

// kill ends the server with SIGKILL, as a crash would.
func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.done
}

func (s *server) url() string { return "http://" + s.addr }

// rssMB is the server's resident memory from /proc/PID/status.
func (s *server) rssMB() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, _ := strconv.ParseFloat(f[0], 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuSeconds is the CPU time the server has used (user and system).
func (s *server) cpuSeconds() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // clock ticks; USER_HZ is 100 on Linux
}

// profile records the server's CPU for d into the --server-profile
// directory as NAME.pprof, in the background; the returned function waits
// for it. Without --server-profile it does nothing.
func (s *server) profile(name string, d time.Duration) (wait func()) {
	if s.debug == "" {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := filepath.Join(s.r.opt.serverProfile, name+".pprof")
		res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.debug, max(1, int(d.Seconds()))))
		if err != nil {
			s.r.logf("Server profile %s: %v", name, err)
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s: %s", res.Status, b)
		}
		if err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
		if err != nil {
			s.r.logf("Server profile %s: %v", name, err)
			return
		}
		s.r.logf("Server profile written: %s (go tool pprof %s %s)", path, s.r.bin, path)
	}()
	return func() { <-done }
}

// warnings returns the server's logged warnings and errors (the tail).
func (s *server) warnings() []string {
	var out []string
	for _, l := range strings.Split(s.logs.String(), "\n") {
		if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
			out = append(out, l)
		}
	}
	return out
}

// sampleRSS records the peak resident memory until stop is closed.
func (s *server) sampleRSS(stop <-chan struct{}) <-chan float64 {
	out := make(chan float64, 1)
	go func() {
		peak := s.rssMB()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				out <- max(peak, s.rssMB())
				return
			case <-t.C:
				peak = max(peak, s.rssMB())
			}
		}
	}()
	return out
}

// token makes an admin API token with `framekeeper token create`.
func (r *runner) token(ctx context.Context, dbURL string) (string, error) {
	bin, err := r.binary(ctx)
	if err != nil {
		return "", err
	}
	out, err := exec.CommandContext(ctx, bin, "token", "create", "--db", dbURL, "--role", "admin").Output()
	if err != nil {
		var ee *exec.ExitError
		if errorsAs(err, &ee) {
			return "", fmt.Errorf("token create: %v: %s", err, ee.Stderr)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// verify runs `framekeeper verify`.
func (r *runner) verify(ctx context.Context, dbURL string) (string, error) {
	bin, err := r.binary(ctx)
	if err != nil {
		return "", err
	}
	out, err := exec.CommandContext(ctx, bin, "verify", "--db", dbURL).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func errorsAs(err error, ee **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*ee = e
	}
	return ok
}

// api is a small client for the JSON API.
type api struct {
	base, token string
	hc          *http.Client
}

func newAPI(base, token string, conns int) *api {
	return &api{base: base, token: token, hc: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}}}
}

// do sends a JSON body and returns the status and response body.
func (a *api) do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := a.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func (a *api) json(ctx context.Context, method, path string, in any, want int) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	st, out, err := a.do(ctx, method, path, b)
	if err != nil {
		return err
	}
	if st != want {
		return fmt.Errorf("%s %s: %d %s", method, path, st, out)
	}
	return nil
}

// publishPolicy puts a typical policy in force, so decisions are the ones
// a practice would see (declines, standard replies, chart notes, agenda).
func publishPolicy(ctx context.Context, a *api) error {
	return a.json(ctx, "POST", "/api/v1/policy/versions", map[string]any{"summary": "Benchmark policy.", "clauses": map[string]string{
		"friending": "decline", "social_messaging": "not_used", "texting": "administrative_only", "email": "administrative_only", "records": "documented"},
		"profile": map[string]any{"practice_name": "Harbor Lane Counseling", "office_phone": "(555) 010-0123"}}, 201)
}

// freePort picks a free local port, for a server whose URL must be known
// before it starts (the Twilio signature covers it).
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tailBuffer keeps the start of a log (the Listening line) and its last
// max bytes, so a long run does not hold every request line.
type tailBuffer struct {
	mu   sync.Mutex
	head []byte
	tail []byte
	max  int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.head) < 8<<10 {
		b.head = append(b.head, p[:min(len(p), 8<<10-len(b.head))]...)
	}
	b.tail = append(b.tail, p...)
	if len(b.tail) > b.max {
		b.tail = append(b.tail[:0], b.tail[len(b.tail)-b.max/2:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.tail)
}

// listenAddr reads addr=HOST:PORT from the Listening line.
func (b *tailBuffer) listenAddr() string {
	b.mu.Lock()
	s := string(b.head)
	b.mu.Unlock()
	i := strings.Index(s, "msg=Listening")
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, "addr="); j >= 0 {
		rest := s[j+5:]
		if k := strings.IndexAny(rest, " \n"); k > 0 {
			return rest[:k]
		}
	}
	return ""
}
