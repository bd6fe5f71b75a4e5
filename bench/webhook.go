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
  local offset = tonumber(args[4]) or 0
  -- tid is the global setup() gave this thread (a local of the same name
  -- would hide it, and every thread would send the same messages).
  tid = tid or 0
  math.randomseed(tid + 1)
  for line in io.lines(args[1]) do
    local sig, body = line:match("^([^\t]*)\t(.*)$")
    reqs[#reqs + 1] = { sig, body }
  end
  counter = tid + offset
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
func (r *runner) runWrk(ctx context.Context, base, reqFile string, offset, threads, conns, rate int, d time.Duration) (wrkResult, error) {
	script := filepath.Join(r.dir, "twilio.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o644); err != nil {
		return wrkResult{}, err
	}
	cmd := exec.CommandContext(ctx, "wrk", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--latency", "--timeout", "30s", "-s", script, base+hookPath, "--", reqFile, strconv.Itoa(threads), strconv.FormatFloat(meanDelayMS(conns, rate), 'f', 3, 64), strconv.Itoa(offset))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
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
		// Turns of 2 s, 600 requests each at the default rate: enough
		// for a p99 to print, and --quick stays under a minute.
		d, unique = 6*time.Second, 20_000
	}
	const threads, conns = 2, 32
	rate := r.opt.hookRate
	turn := (d / webhookRounds).Round(time.Second) // wrk takes whole seconds
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
		baseURL, stopBase, err := startBaselineHook(ctx, e, b.url)
		if err != nil {
			srv.stop()
			return err
		}
		rounds, peakMB, idle, err := r.webhookRounds(ctx, e, b, srv, baseURL, warmFile, reqFile, unique, threads, conns, rate, turn)
		stopBase()
		srv.stop()
		if err != nil {
			return err
		}
		var each []string
		prodRPS, baseRPS, requests, non2xx := 0.0, 0.0, 0, 0
		for _, w := range rounds {
			each = append(each, fmt.Sprintf("%.2f/%.2f ms = %.2f", ms(w.prod.p99), ms(w.base.p99), ms(w.prod.p99)/ms(w.base.p99)))
			prodRPS, baseRPS = prodRPS+w.prod.rps/float64(len(rounds)), baseRPS+w.base.rps/float64(len(rounds))
			requests, non2xx = requests+w.prod.requests, non2xx+w.prod.non2xx
		}
		m := medianBy(rounds, func(w webhookRound) float64 { return ms(w.prod.p99) / ms(w.base.p99) })
		r.report(measured("webhook_p99", e, ms(m.prod.p99), "ms", ms(m.base.p99), "<=", 2,
			fmt.Sprintf("median of %d turns of %s each, taken in turn with the baseline (p99 %s); wrk, %d req/s offered (Poisson-like) on %d connections: %.0f req/s answered, %d requests, non-2xx %d; baseline (signature check + one INSERT) %.0f req/s %s",
				len(rounds), turn, strings.Join(each, ", "), rate, conns, prodRPS, requests, non2xx, baseRPS, m.prod.errors)))
		m = medianBy(rounds, func(w webhookRound) float64 { return ms(w.prod.p50) / ms(w.base.p50) })
		r.report(measured("webhook_p50", e, ms(m.prod.p50), "ms", ms(m.base.p50), "", 0, "same turns, median"))
		r.reportMemory(e, "webhook", peakMB, idle)
	}
	return nil
}

// webhookRounds is how many turns the product and the baseline take: a
// minute of one and then a minute of the other let a few seconds of
// someone else's work on this shared machine land on one side only (two
// runs of the same code gave p99 ratios of 2.1 and 6.8).
const webhookRounds = 3

// webhookRound is one turn each at the same offered rate, on the same
// messages (each turn its own).
type webhookRound struct{ prod, base wrkResult }

// webhookRounds warms both up, then has them take turns, and checks that
// every message reached the product once. It returns the rounds and the
// server's peak and idle resident memory.
func (r *runner) webhookRounds(ctx context.Context, engine string, b *benchDB, srv *server, baseURL, warmFile, reqFile string, unique, threads, conns, rate int, turn time.Duration) (rounds []webhookRound, peakMB, idle float64, err error) {
	if err := checkHook(ctx, srv.url(), warmFile); err != nil {
		return nil, 0, 0, err
	}
	idle = srv.rssMB()
	before, err := countRows(ctx, b.url, "interactions")
	if err != nil {
		return nil, 0, 0, err
	}
	stop := make(chan struct{})
	peak := srv.sampleRSS(stop)
	profiled := srv.profile("webhook-"+engine, 2*turn*webhookRounds)
	answered, err := r.takeTurns(ctx, srv.url(), baseURL, warmFile, reqFile, unique, threads, conns, rate, turn, &rounds)
	profiled()
	close(stop)
	peakMB = <-peak
	if err != nil {
		return nil, 0, 0, err
	}
	after, err := countRows(ctx, b.url, "interactions")
	if err != nil {
		return nil, 0, 0, err
	}
	// Every answered request must have been a new message (the counts
	// differ by the requests wrk left unanswered when it stopped): a
	// repeat is answered on a shorter path, and the figure would not be
	// of the product's work.
	if stored := after - before; stored < answered {
		return nil, 0, 0, fmt.Errorf("%d interactions stored for %d requests answered: some messages were repeats, answered on a shorter path", stored, answered)
	}
	return rounds, peakMB, idle, nil
}

// takeTurns warms the product and the baseline up, then loads each in turn
// with the same messages, each turn its own, and returns how many requests
// the product answered.
func (r *runner) takeTurns(ctx context.Context, prodURL, baseURL, warmFile, reqFile string, unique, threads, conns, rate int, turn time.Duration, rounds *[]webhookRound) (int, error) {
	// So pools, statement caches and the runtime are warm when the
	// measured turns start, for both alike; the warm file's first message
	// went in checkHook.
	warmFor := 3 * time.Second
	if r.opt.quick {
		warmFor = time.Second
	}
	warm, err := r.runWrk(ctx, prodURL, warmFile, 1, threads, conns, rate, warmFor)
	if err != nil {
		return 0, fmt.Errorf("warm-up: %w", err)
	}
	if _, err := r.runWrk(ctx, baseURL, warmFile, 1, threads, conns, rate, warmFor); err != nil {
		return 0, fmt.Errorf("baseline warm-up: %w", err)
	}
	answered := warm.requests // the check's message was stored before the count began
	for i := range webhookRounds {
		offset := i * unique / webhookRounds
		prod, err := r.runWrk(ctx, prodURL, reqFile, offset, threads, conns, rate, turn)
		if err != nil {
			return 0, err
		}
		base, err := r.runWrk(ctx, baseURL, reqFile, offset, threads, conns, rate, turn)
		if err != nil {
			return 0, err
		}
		if base.non2xx > 0 {
			return 0, errors.New("the baseline handler refused requests: its signature check disagrees with the requests")
		}
		if prod.requests > unique/webhookRounds {
			r.logf("webhook: %d requests in a turn of %d messages: later ones are repeats", prod.requests, unique/webhookRounds)
		}
		answered += prod.requests
		*rounds = append(*rounds, webhookRound{prod, base})
	}
	return answered, nil
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

// startBaselineHook serves the minimal handler in this process: the
// signature check and one durable INSERT of the body, in a table of its own
// in the same database, then empty TwiML. stop ends it and drops the table.
func startBaselineHook(ctx context.Context, engine, dbURL string) (addr string, stop func(), err error) {
	db, err := rawOpen(dbURL)
	if err != nil {
		return "", nil, err
	}
	for _, q := range []string{`DROP TABLE IF EXISTS bench_raw_webhook`, `CREATE TABLE bench_raw_webhook (id TEXT PRIMARY KEY, body TEXT NOT NULL)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return "", nil, err
		}
	}
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
		db.Close()
		return "", nil, err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		hs.Close()
		db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE bench_raw_webhook`)
		db.Close()
	}, nil
}
