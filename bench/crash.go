package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/storage"
)

// benchCrash drives intake at full rate and kills the server with SIGKILL
// at random moments, restarting it each time (the approach of
// cmd/framekeeper's TestKillDuringIntake, with more kills). Every
// interaction that was answered 2xx must be stored once and decided once,
// and the charts must verify.
func (r *runner) benchCrash(ctx context.Context) error {
	kills := 20
	if r.opt.quick {
		kills = 3
	}
	const clients, workers = 50, 6
	dbURL := "sqlite:" + filepath.Join(r.dir, "crash.db")
	{
		db, err := storage.Open(ctx, dbURL)
		if err != nil {
			return err
		}
		cs := make([]framekeeper.Client, clients)
		for i := range cs {
			cs[i] = makePerson(r.opt.seed, i).client(i)
		}
		err = db.BulkLoadClients(ctx, cs)
		db.Close()
		if err != nil {
			return err
		}
	}
	token, err := r.token(ctx, dbURL)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(r.opt.seed, 31))
	var mu sync.Mutex
	acked := map[string]string{} // external id → event id
	next, sent, twice := 0, 0, 0
	body := func(i int) []byte {
		p := makePerson(r.opt.seed, i%clients)
		text, _ := messageText(rand.New(rand.NewPCG(r.opt.seed, uint64(i))), "sms")
		b, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("CR%06d", i), "kind": "sms", "channel": "sms",
			"from": map[string]string{"phone": p.phone}, "text": text})
		return b
	}
	// The last round is not killed: it restarts, lets the workers finish
	// what the killed processes held, and stops cleanly.
	finalExtra := 200
	for round := 0; round <= kills; round++ {
		srv, err := r.startServer(ctx, dbURL, "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("restart %d: %w", round, err)
		}
		a := newAPI(srv.url(), token, workers)
		kill := round < kills
		limit := 1 << 30
		if !kill {
			mu.Lock()
			limit = next + finalExtra
			mu.Unlock()
		}
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for ctx.Err() == nil {
					mu.Lock()
					if next >= limit {
						mu.Unlock()
						return
					}
					i := next
					next++
					sent++
					mu.Unlock()
					st, out, err := a.do(ctx, "POST", "/api/v1/interactions", body(i))
					if err != nil {
						return // the server is gone; the sender retries later
					}
					var d struct {
						EventID string `json:"event_id"`
						ID      string `json:"id"`
					}
					json.Unmarshal(out, &d)
					if st/100 == 2 {
						id := d.EventID
						if id == "" {
							id = d.ID
						}
						ext := fmt.Sprintf("CR%06d", i)
						mu.Lock()
						if prev, ok := acked[ext]; ok && prev != id {
							twice++ // acknowledged as two different events
						}
						acked[ext] = id
						mu.Unlock()
					}
				}
			})
		}
		if kill {
			time.Sleep(time.Duration(100+rng.IntN(700)) * time.Millisecond)
			srv.kill()
			wg.Wait()
			// A sender retries what was not acknowledged: rewind to the
			// first gap.
			mu.Lock()
			for i := 0; i < next; i++ {
				if _, ok := acked[fmt.Sprintf("CR%06d", i)]; !ok {
					next = i
					break
				}
			}
			mu.Unlock()
			continue
		}
		wg.Wait()
		if err := waitAllDone(ctx, dbURL, 90*time.Second); err != nil {
			srv.stop()
			return err
		}
		srv.stop()
	}
	// What is stored.
	raw, err := rawOpen(dbURL)
	if err != nil {
		return err
	}
	defer raw.Close()
	rows, err := raw.QueryContext(ctx, `SELECT id, external_id, status, decision IS NOT NULL FROM interactions`)
	if err != nil {
		return err
	}
	stored, notDone := 0, 0
	byExt := map[string][]string{}
	for rows.Next() {
		var id, ext, status string
		var decided bool
		if err := rows.Scan(&id, &ext, &status, &decided); err != nil {
			rows.Close()
			return err
		}
		stored++
		byExt[ext] = append(byExt[ext], id)
		if status != "done" || !decided {
			notDone++
		}
	}
	rows.Close()
	dups, lost, mismatched := 0, 0, 0
	for _, ids := range byExt {
		if len(ids) > 1 {
			dups++
		}
	}
	for ext, id := range acked {
		ids := byExt[ext]
		if len(ids) == 0 {
			lost++
		} else if ids[0] != id {
			mismatched++
		}
	}
	var entries int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM record_entries`).Scan(&entries); err != nil {
		return err
	}
	verifyOut, verr := r.verify(ctx, dbURL)
	mismatched += twice
	ok := lost == 0 && dups == 0 && mismatched == 0 && notDone == 0 && entries == stored && verr == nil
	detail := fmt.Sprintf("%d SIGKILLs; sent %d (with retries), acknowledged %d, stored %d, duplicates %d, lost %d, acknowledged-as-other %d, not decided %d, chart entries %d (want %d: one per decision), verify: %s",
		kills, sent, len(acked), stored, dups, lost, mismatched, notDone, entries, stored, oneLine(verifyOut, verr))
	res := info("crash", "sqlite", float64(lost+dups+mismatched+notDone+abs(entries-stored)), "faults", detail)
	res.Cmp, res.TargetOf, res.Target, res.Pass = "<=", "value", ptr(0), ok
	r.report(res)
	return nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func oneLine(out string, err error) string {
	if err != nil {
		return fmt.Sprintf("FAILED (%v) %s", err, out)
	}
	if out == "" {
		return "ok"
	}
	return out
}

// waitAllDone waits until no interaction is waiting or in progress (a
// killed process's leases run out after 15 s).
func waitAllDone(ctx context.Context, dbURL string, limit time.Duration) error {
	raw, err := rawOpen(dbURL)
	if err != nil {
		return err
	}
	defer raw.Close()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		var n int
		if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM interactions WHERE status <> 'done'`).Scan(&n); err == nil && n == 0 {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("interactions still waiting after %s", limit)
}
