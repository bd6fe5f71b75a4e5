package storage

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// groupWriter runs SQLite's write transactions one group at a time and,
// when several are waiting, commits them together in one transaction
// (group commit). SQLite admits one writer at a time anyway; committing the
// queue at once pays for the commit and the WAL's page writes once instead
// of per caller, so a stall (a slow disk write, the process descheduled) is
// followed by one catch-up commit rather than a convoy of them.
//
// There is no writer goroutine: the caller that finds no group running
// leads one itself, with whatever has queued behind it, and then hands the
// lead to the first caller still waiting. A lone write (the usual case
// below saturation) so runs on its caller's goroutine, without the two
// wake-ups a hand-off to another goroutine and back costs: a tenth of a
// webhook's latency on a busy two-core machine.
//
// Each caller's work still stands alone: it runs inside a savepoint, and
// if it fails only its own changes are rolled back; a caller hears back
// only after the commit that holds its changes, so an acknowledged write
// is durable exactly as with a transaction of its own.
type groupWriter struct {
	db *DB
	// inflight is held shared by every caller in flight, and exclusively
	// by close, which so waits for them.
	inflight sync.RWMutex
	mu       sync.Mutex // guards the fields below
	closed   bool
	queue    []*writeJob // waiting, in arrival order
	leading  bool        // a caller is running a group; false only with the queue empty
	// restartWAL asks for a RESTART checkpoint before the next group
	// (checkpoint.go).
	restartWAL atomic.Bool
	// groups and grouped count commits and the callers' transactions in them.
	groups, grouped atomic.Int64
}

type writeJob struct {
	ctx context.Context
	fn  func(tx *Tx) error
	// res carries the job's result, or first, to a waiting caller, the
	// lead (one message at a time, so one slot is enough).
	res chan writeResult
}

type writeResult struct {
	err   error
	panic any  // re-raised on the caller's goroutine
	lead  bool // not a result: the caller is to run the next group
}

// maxGroup bounds a group, so one commit never holds a very long queue.
const maxGroup = 64

var errClosed = errors.New("storage: database closed")

func (db *DB) startGroupWriter() { db.group = &groupWriter{db: db} }

// write queues fn, runs the group holding it when no other caller is
// running one, and returns once fn's changes are committed (or rolled
// back).
func (g *groupWriter) write(ctx context.Context, fn func(tx *Tx) error) error {
	g.inflight.RLock()
	defer g.inflight.RUnlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &writeJob{ctx: ctx, fn: fn, res: make(chan writeResult, 1)}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return errClosed
	}
	g.queue = append(g.queue, j)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	// Once queued, the job is seen through to its end even if ctx ends:
	// its statements use ctx and fail, and the caller must not return
	// while fn may still run.
	r := writeResult{lead: lead}
	if !lead {
		r = <-j.res
	}
	if r.lead {
		g.runGroup()
		r = <-j.res
	}
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// runGroup commits the queue's first jobs (the leading caller's among
// them: it is first) and passes the lead on, or ends it.
func (g *groupWriter) runGroup() {
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := make([]*writeJob, n)
	copy(batch, g.queue)
	g.queue = g.queue[n:]
	g.mu.Unlock()
	// Even if committing panics, every caller in the batch hears of it and
	// the lead moves on: they would otherwise wait for ever. (A job's own
	// panic is caught in runJob and reaches only its caller.)
	defer func() {
		if p := recover(); p != nil {
			for _, j := range batch {
				select {
				case j.res <- writeResult{panic: p}:
				default: // it has its result already
				}
			}
		}
		g.mu.Lock()
		if len(g.queue) > 0 {
			g.queue[0].res <- writeResult{lead: true}
		} else {
			g.leading = false
		}
		g.mu.Unlock()
	}()
	if g.restartWAL.CompareAndSwap(true, false) {
		// No write of this process runs meanwhile: the leader is its only
		// writer.
		g.db.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(RESTART)`)
	}
	g.db.commitGroup(batch)
}

// close waits for the callers in flight and refuses new ones.
func (g *groupWriter) close() {
	g.inflight.Lock()
	defer g.inflight.Unlock()
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// commitGroup runs the batch in one transaction, each job in a savepoint
// when there are several.
func (db *DB) commitGroup(batch []*writeJob) {
	live := batch[:0]
	for _, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.res <- writeResult{err: err} // its caller gave up while it queued
		} else {
			live = append(live, j)
		}
	}
	if len(live) == 0 {
		return
	}
	db.group.groups.Add(1)
	db.group.grouped.Add(int64(len(live)))
	failAll := func(err error) {
		for _, j := range live {
			j.res <- writeResult{err: err}
		}
	}
	// The transaction belongs to no one caller, so no caller's deadline
	// may roll it back; each job's statements still run under its own ctx.
	ctx := context.Background()
	tx, err := db.begin(ctx)
	if err != nil {
		failAll(err)
		return
	}
	defer tx.Rollback()
	results := make([]writeResult, len(live))
	if len(live) == 1 {
		results[0] = runJob(live[0], tx)
		if results[0].err != nil || results[0].panic != nil {
			tx.Rollback()
			live[0].res <- results[0]
			return
		}
	} else {
		for i, j := range live {
			if _, err := tx.exec(ctx, `SAVEPOINT grp`); err != nil {
				failAll(err)
				return
			}
			results[i] = runJob(j, tx)
			if results[i].err != nil || results[i].panic != nil {
				if _, err := tx.exec(ctx, `ROLLBACK TO grp`); err != nil {
					failAll(err)
					return
				}
			}
			if _, err := tx.exec(ctx, `RELEASE grp`); err != nil {
				failAll(err)
				return
			}
		}
	}
	cerr := tx.commit()
	for i, j := range live {
		if cerr != nil && results[i].err == nil && results[i].panic == nil {
			results[i].err = cerr
		}
		j.res <- results[i]
	}
}

// runJob runs one job's work, catching a panic to hand back to its caller.
func runJob(j *writeJob, tx *Tx) (r writeResult) {
	defer func() {
		if p := recover(); p != nil {
			r = writeResult{panic: p}
		}
	}()
	return writeResult{err: j.fn(tx)}
}
