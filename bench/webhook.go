package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper/intake/twilio"
	"github.com/framekeeper/framekeeper/triage"
	"github.com/oklog/ulid/v2"
)

// The webhook is signed for a fixed public URL: the server checks the
// signature against FRAMEKEEPER_PUBLIC_URL plus the path, whatever port it
// listens on, and the baseline checks against the same string.
const (
	hookPublicURL = "https://bench.framekeeper.example"
	hookPath      = "/hooks/twilio/sms"
	hookToken     = "bench-twilio-auth-token-0123456789abcdef"
)

// wrkScript sends the signed requests of a file, one "signature TAB body"
// a line; thread k of n takes lines k, k+n, k+2n, … so no two threads send
// the same message. Plain wrk is closed loop (a connection sends its next
// request when the answer comes); delay() turns it into a fixed offered
// rate: each connection waits an exponentially distributed time with mean
// connections/rate before each request, so arrivals are Poisson-like, with
// the bursts real traffic has, rather than evenly spaced.
const wrkScript = `
local reqs = {}
local counter = 0
local stride = 1
local threads = {}
local mean_ms = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(args[2])
  mean_ms = tonumber(args[3])
  -- tid is the global setup() gave this thread (a local of the same name
  -- would hide it, and every thread would send the same messages).
  tid = tid or 0
  math.randomseed(tid + 1)
  for line in io.lines(args[1]) do
    local sig, body = line:match("^([^\t]*)\t(.*)$")
    reqs[#reqs + 1] = { sig, body }
  end
  counter = tid
end

function delay()
  if mean_ms <= 0 then
    return 0
  end
  return math.floor(-math.log(1 - math.random()) * mean_ms + 0.5)
end

function request()
  local r = reqs[(counter % #reqs) + 1]
  counter = counter + stride
  return wrk.format("POST", "` + hookPath + `", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = r[1] }, r[2])
end
`

// wrkResult is what a wrk run reports.
type wrkResult struct {
	p50, p99 time.Duration
	rps      float64
	requests int
	// warmRequests were answered in the warm-up before the measured run.
	warmRequests int
	non2xx       int
	errors       string
}

var (
	wrkPct      = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	wrkErrors   = regexp.MustCompile(`Socket errors:[^\n]*`)
)

func parseWrk(out string) (wrkResult, error) {
	var w wrkResult
	for _, m := range wrkPct.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]float64{"us": 1e3, "ms": 1e6, "s": 1e9}[m[3]]
		d := time.Duration(v * unit)
		if m[1] == "50" {
			w.p50 = d
		} else {
			w.p99 = d
		}
	}
	if m := wrkRPS.FindStringSubmatch(out); m != nil {
		w.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := wrkRequests.FindStringSubmatch(out); m != nil {
		w.requests, _ = strconv.Atoi(m[1])
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		w.non2xx, _ = strconv.Atoi(m[1])
	}
	w.errors = wrkErrors.FindString(out)
	if w.p99 == 0 || w.rps == 0 {
		return w, fmt.Errorf("cannot read wrk's output:\n%s", out)
	}
	return w, nil
}

// runWrk runs wrk with the script against base for d, offering rate
// requests a second (0: as fast as answers come).
func (r *runner) runWrk(ctx context.Context, base, reqFile string, threads, conns, rate int, d time.Duration) (wrkResult, error) {
	script := filepath.Join(r.dir, "twilio.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
		return wrkResult{}, err
	}
	cmd := exec.CommandContext(ctx, "wrk", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--latency", "--timeout", "30s", "-s", script, base+hookPath, "--", reqFile, strconv.Itoa(threads), strconv.FormatFloat(meanDelayMS(conns, rate), 'f', 3, 64))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

// warmThenWrk sends a few seconds of other messages first, at the same rate,
// so pools, statement caches and the runtime are warm when the measured
// run starts, for the product and the baseline alike.
func (r *runner) warmThenWrk(ctx context.Context, base, warmFile, reqFile string, threads, conns, rate int, d time.Duration) (wrkResult, error) {
	warm, err := r.runWrk(ctx, base, warmFile, threads, conns, rate, 3*time.Second)
	if err != nil {
		return wrkResult{}, fmt.Errorf("warm-up: %w", err)
	}
	w, err := r.runWrk(ctx, base, reqFile, threads, conns, rate, d)
	w.warmRequests = warm.requests
	return w, err
}

// meanDelayMS is the mean wait before each request on one of conns
// connections for rate requests a second in all.
func meanDelayMS(conns, rate int) float64 {
	if rate <= 0 {
		return 0
	}
	return 1000 * float64(conns) / float64(rate)
}

// writeHookRequests writes n signed SMS webhook deliveries, each with its
// own MessageSid, from clients' phones (and some strangers').
func writeHookRequests(path string, seed uint64, n, clients int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(seed, 23))
	for j := range n {
		from := fmt.Sprintf("+1555%07d", j)
		if rng.IntN(10) < 7 {
			from = makePerson(seed, rng.IntN(clients)).phone
		}
		text, _ := messageText(rng, triage.SMS)
		form := url.Values{
			"MessageSid": {fmt.Sprintf("SM%032x", uint64(j)*0x9e3779b97f4a7c15+seed)},
			"AccountSid": {"AC00000000000000000000000000000000"},
			"From":       {from},
			"To":         {"+15550100123"},
			"Body":       {text},
			"NumMedia":   {"0"},
		}
		fmt.Fprintf(w, "%s\t%s\n", twilio.Signature(hookToken, hookPublicURL+hookPath, form), form.Encode())
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchWebhook loads the Twilio SMS webhook with wrk at a fixed offered
// rate and compares its latency with a minimal Go handler that only checks
// the signature and inserts the body, one transaction per request, into
// the same database, under the same offered load. Many connections, each
// mostly waiting, keep the offered rate close to fixed even when answers
// slow down (a closed loop would instead measure each side at the rate it
// sustains, which is throughput, not latency).
func (r *runner) benchWebhook(ctx context.Context) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		r.logf("wrk is not installed (Debian package wrk): skipping the webhook benchmark")
		r.report(info("webhook", "-", 0, "", "skipped: wrk not installed"))
		return nil
	}
	// Enough distinct messages for several thousand requests a second, so
	// nearly every request is a new message, not a repeat.
	d, unique := 60*time.Second, 300_000
	if r.opt.quick {
		d, unique = 10*time.Second, 50_000
	}
	const threads, conns = 2, 32
	rate := r.opt.hookRate
	for _, e := range r.engines() {
		b, err := r.database(ctx, e)
		if err != nil {
			return err
		}
		reqFile := filepath.Join(r.dir, "twilio-"+e+".txt")
		if err := writeHookRequests(reqFile, r.opt.seed+uint64(len(e)), unique, r.opt.clients); err != nil {
			return err
		}
		warmFile := filepath.Join(r.dir, "twilio-warm-"+e+".txt")
		if err := writeHookRequests(warmFile, r.opt.seed+1000+uint64(len(e)), 5000, r.opt.clients); err != nil {
			return err
		}
		srv, _, err := r.serveRoster(ctx, b, conns, "FRAMEKEEPER_PUBLIC_URL="+hookPublicURL, "FRAMEKEEPER_TWILIO_AUTH_TOKEN="+hookToken)
		if err != nil {
			return err
		}
		if err := checkHook(ctx, srv.url(), reqFile); err != nil {
			srv.stop()
			return err
		}
		idle := srv.rssMB()
		before, err := countInteractions(ctx, b.url)
		if err != nil {
			srv.stop()
			return err
		}
		stop := make(chan struct{})
		peak := srv.sampleRSS(stop)
		profiled := srv.profile("webhook-"+e, d)
		prod, err := r.warmThenWrk(ctx, srv.url(), warmFile, reqFile, threads, conns, rate, d)
		profiled()
		close(stop)
		peakMB := <-peak
		srv.stop()
		if err != nil {
			return err
		}
		after, err := countInteractions(ctx, b.url)
		if err != nil {
			return err
		}
		// Every answered request was a new message (the counts differ by
		// the requests wrk left unanswered when it stopped): a repeat
		// would be measured on a shorter path.
		if stored := after - before; stored < prod.requests+prod.warmRequests {
			r.logf("webhook: %d interactions stored for %d requests answered: some messages were sent twice", stored, prod.requests+prod.warmRequests)
		}
		base, err := r.baselineHook(ctx, e, b.url, warmFile, reqFile, threads, conns, rate, d)
		if err != nil {
			return err
		}
		wrapped := ""
		if prod.requests > unique {
			wrapped = fmt.Sprintf(" (%d unique messages: later ones are repeats, answered from the stored decision)", unique)
		}
		r.report(measured("webhook_p99", e, ms(prod.p99), "ms", ms(base.p99), "<=", 2,
			fmt.Sprintf("wrk, %d req/s offered (Poisson-like) on %d connections, %s: %.0f req/s answered, %d requests%s, non-2xx %d; baseline (signature check + one INSERT) %.0f req/s, p99 %.2f ms %s",
				rate, conns, d, prod.rps, prod.requests, wrapped, prod.non2xx, base.rps, ms(base.p99), prod.errors)))
		r.report(measured("webhook_p50", e, ms(prod.p50), "ms", ms(base.p50), "", 0, "same run"))
		r.reportMemory(e, "webhook", peakMB, idle)
	}
	return nil
}

// checkHook sends one delivery and expects TwiML back, so a misconfigured
// webhook fails here rather than as a run of 403s.
func checkHook(ctx context.Context, base, reqFile string) error {
	f, err := os.Open(reqFile)
	if err != nil {
		return err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return err
	}
	sig, body, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
	req, _ := http.NewRequestWithContext(ctx, "POST", base+hookPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sig)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(out), "<Response") {
		return fmt.Errorf("POST %s: %d %s", hookPath, res.StatusCode, out)
	}
	return nil
}

// baselineHook serves the minimal handler in this process and loads it
// with the same wrk run.
func (r *runner) baselineHook(ctx context.Context, engine, dbURL, warmFile, reqFile string, threads, conns, rate int, d time.Duration) (wrkResult, error) {
	db, err := rawOpen(dbURL)
	if err != nil {
		return wrkResult{}, err
	}
	defer db.Close()
	for _, q := range []string{`DROP TABLE IF EXISTS bench_raw_webhook`, `CREATE TABLE bench_raw_webhook (id TEXT PRIMARY KEY, body TEXT NOT NULL)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return wrkResult{}, err
		}
	}
	defer db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE bench_raw_webhook`)
	ins := rebind(engine, `INSERT INTO bench_raw_webhook (id, body) VALUES (?, ?)`)
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+hookPath, func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, 1<<20))
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil || !twilio.ValidateSignature(hookToken, hookPublicURL+hookPath, form, req.Header.Get("X-Twilio-Signature")) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		err = db.write(req.Context(), func(tx *sql.Tx) error {
			_, err := tx.ExecContext(req.Context(), ins, ulid.Make().String(), string(body))
			return err
		})
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write(twilio.TwiML(""))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return wrkResult{}, err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	res, err := r.warmThenWrk(ctx, "http://"+ln.Addr().String(), warmFile, reqFile, threads, conns, rate, d)
	if err == nil && res.non2xx > 0 {
		err = errors.New("the baseline handler refused requests: its signature check disagrees with the requests")
	}
	return res, err
}

// countInteractions counts the stored interactions.
func countInteractions(ctx context.Context, dbURL string) (int, error) {
	db, err := rawOpen(dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM interactions`).Scan(&n)
	return n, err
}
