package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"
)

// benchTriage sends interactions to the real server over HTTP with several
// clients at once; each answer (201 with the decision) means the
// interaction was stored, resolved, decided and its effects committed. The
// baseline inserts the same number of rows of the same size into the same
// database, one transaction each, with as many writers.
//
// The two take turns, triageRounds times, each round with messages of its
// own, and the figure is the round with the median ratio: a run lasts
// seconds, and on a shared machine a burst of someone else's work during
// one side's turn moved a single pair's ratio by half.
func (r *runner) benchTriage(ctx context.Context) error {
	n, conc := 4000, r.opt.conc
	if r.opt.quick {
		n = 300
	}
	for _, e := range r.engines() {
		b, err := r.database(ctx, e)
		if err != nil {
			return err
		}
		srv, a, err := r.serveRoster(ctx, b, conc)
		if err != nil {
			return err
		}
		idle := srv.rssMB()
		// Warm up: connections, statement caches, the detector.
		if _, _, err := sendInteractions(ctx, a, interactionBodies(r.opt.seed+100, 100, r.opt.clients, "warm-"+e+"-"), conc); err != nil {
			srv.stop()
			return err
		}
		stop := make(chan struct{})
		peak := srv.sampleRSS(stop)
		profiled := srv.profile("triage-"+e, 20*time.Second)
		var rounds []triageRound
		for i := range triageRounds {
			tr, err := r.triageRound(ctx, e, b, srv, a, conc, interactionBodies(r.opt.seed+uint64(i), n, r.opt.clients, fmt.Sprintf("tri-%s-%d-", e, i)))
			if err != nil {
				close(stop)
				<-peak
				profiled()
				srv.stop()
				return err
			}
			rounds = append(rounds, tr)
		}
		close(stop)
		peakMB := <-peak
		profiled()
		if w := srv.warnings(); len(w) > 0 {
			r.logf("Server warnings during triage (%d), last: %s", len(w), w[len(w)-1])
		}
		srv.stop()
		m := medianBy(rounds, func(tr triageRound) float64 { return tr.rate / tr.base })
		var each []string
		for _, tr := range rounds {
			each = append(each, fmt.Sprintf("%.0f/%.0f = %.2f", tr.rate, tr.base, tr.rate/tr.base))
		}
		r.report(measured("triage", e, m.rate, "interactions/s", m.base, ">=", 0.5,
			fmt.Sprintf("median of %d rounds taken in turn with the baseline (%s); %d interactions a round, %d concurrent clients, answers %v, server CPU %.1f ms per interaction; baseline: same rows, one transaction each; roster %d",
				len(rounds), strings.Join(each, ", "), m.n, conc, m.codes, 1000*m.cpu/float64(m.n), r.opt.clients)))
		r.reportMemory(e, "triage", peakMB, idle)
	}
	return nil
}

// triageRounds is how many times the product and the baseline take turns.
const triageRounds = 3

// triageRound is one turn each: the product's rate and the baseline's on the
// same rows.
type triageRound struct {
	rate, base float64 // interactions and rows a second
	n          int
	codes      map[int]int
	cpu        float64 // server CPU seconds in the product's turn
}

func (r *runner) triageRound(ctx context.Context, engine string, b *benchDB, srv *server, a *api, conc int, bodies [][]byte) (triageRound, error) {
	cpu0 := srv.cpuSeconds()
	start := time.Now()
	// At most a minute, so a large slow roster still finishes: the rate is
	// over the interactions answered in that time.
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	codes, _, err := sendInteractions(sctx, a, bodies, conc)
	cancel()
	elapsed := time.Since(start)
	done := 0
	for st, k := range codes {
		if st != 0 {
			done += k
		}
	}
	if ctx.Err() == nil && sctx.Err() != nil && err != nil {
		err = nil // the minute ran out mid-request
	}
	if err != nil {
		return triageRound{}, err
	}
	if k := codes[http.StatusOK]; k > 0 {
		// 200 is a repeat, answered from the stored row without deciding.
		return triageRound{}, fmt.Errorf("%d of %d interactions were already stored (200, not 201): the figure would be of repeats", k, done)
	}
	tr := triageRound{n: done, codes: codes, cpu: srv.cpuSeconds() - cpu0, rate: float64(done) / elapsed.Seconds()}
	base, err := rawInserts(ctx, engine, b.url, bodies[:done], conc)
	if err != nil {
		return triageRound{}, err
	}
	tr.base = float64(done) / base.Seconds()
	return tr, nil
}

// serveRoster starts the server on an engine's roster database with a
// policy published, and returns an API client for it.
func (r *runner) serveRoster(ctx context.Context, b *benchDB, conc int, env ...string) (*server, *api, error) {
	return r.serveRosterAt(ctx, b, "127.0.0.1:0", conc, env...)
}

func (r *runner) serveRosterAt(ctx context.Context, b *benchDB, addr string, conc int, env ...string) (*server, *api, error) {
	if b.token == "" {
		t, err := r.token(ctx, b.url)
		if err != nil {
			return nil, nil, err
		}
		b.token = t
	}
	srv, err := r.startServer(ctx, b.url, addr, env...)
	if err != nil {
		return nil, nil, err
	}
	a := newAPI(srv.url(), b.token, conc)
	if !b.published {
		if err := publishPolicy(ctx, a); err != nil {
			srv.stop()
			return nil, nil, err
		}
		b.published = true
	}
	return srv, a, nil
}

// reportMemory reports the server's peak resident memory under load; the
// baseline is the same server idle just after start.
func (r *runner) reportMemory(engine, under string, peak, idle float64) {
	res := measured("memory", engine, peak, "MB RSS", idle, "", 0,
		fmt.Sprintf("peak under %s load, %d clients on the roster; baseline: idle after start", under, r.opt.clients))
	res.Cmp, res.TargetOf, res.Target = "<=", "value", ptr(300)
	res.Pass = peak <= 300
	r.report(res)
}

// interactionBodies marshals n generated interactions.
func interactionBodies(seed uint64, n, clients int, prefix string) [][]byte {
	out := make([][]byte, n)
	for j := range out {
		b, _ := json.Marshal(makeInteraction(seed, j, clients, prefix))
		out[j] = b
	}
	return out
}

// sendInteractions posts every body with conc clients and counts the
// answers by status.
func sendInteractions(ctx context.Context, a *api, bodies [][]byte, conc int) (map[int]int, []time.Duration, error) {
	var next atomic.Int64
	var mu sync.Mutex
	codes := map[int]int{}
	lat := make([]time.Duration, len(bodies))
	var firstErr error
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bodies) || ctx.Err() != nil {
					return
				}
				start := time.Now()
				st, body, err := a.do(ctx, "POST", "/api/v1/interactions", bodies[i])
				lat[i] = time.Since(start)
				if ctx.Err() != nil {
					return // out of time: not counted
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil && st/100 != 2 && firstErr == nil {
					firstErr = fmt.Errorf("POST /api/v1/interactions: %d %s (body %s)", st, body, bodies[i])
				}
				codes[st]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return codes, lat, firstErr
}

// rawInserts is the baseline: each body stored as an interactions-shaped
// row in its own transaction, conc writers at once, into a table of its own
// in the same database.
func rawInserts(ctx context.Context, engine, dbURL string, bodies [][]byte, conc int) (time.Duration, error) {
	db, err := rawOpen(dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ts := "TIMESTAMP"
	if engine == "postgres" {
		ts = "TIMESTAMPTZ"
	}
	for _, q := range []string{`DROP TABLE IF EXISTS bench_raw_interactions`, `CREATE TABLE bench_raw_interactions (
		id TEXT PRIMARY KEY, channel TEXT NOT NULL, external_id TEXT, kind TEXT NOT NULL, input TEXT NOT NULL, raw TEXT,
		received_at ` + ts + ` NOT NULL, status TEXT NOT NULL, next_attempt_at ` + ts + ` NOT NULL, UNIQUE (channel, external_id))`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	ins := rebind(engine, `INSERT INTO bench_raw_interactions (id, channel, external_id, kind, input, raw, received_at, status, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bodies) {
					return
				}
				now := time.Now().UTC()
				err := db.write(ctx, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(ctx, ins, "ev_"+ulid.Make().String(), "sms", fmt.Sprint("raw-", i), "sms", string(bodies[i]), string(bodies[i]), now, "pending", now)
					return err
				})
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if _, err := db.ExecContext(ctx, `DROP TABLE bench_raw_interactions`); err != nil && firstErr == nil {
		firstErr = err
	}
	return elapsed, firstErr
}
