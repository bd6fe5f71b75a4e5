package storage

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// groupWriter runs SQLite's write transactions on one goroutine and, when
// several are waiting, commits them together in one transaction (group
// commit). SQLite admits one writer at a time anyway; committing the queue
// at once pays for the commit and the WAL's page writes once instead of
// per caller, so a stall (a slow disk write, the process descheduled) is
// followed by one catch-up commit rather than a convoy of them.
//
// Each caller's work still stands alone: it runs inside a savepoint, and
// if it fails only its own changes are rolled back; a caller hears back
// only after the commit that holds its changes, so an acknowledged write
// is durable exactly as with a transaction of its own.
type groupWriter struct {
	jobs chan *writeJob
	// mu is held shared by every caller in flight, and exclusively by
	// Close, which so waits for them.
	mu     sync.RWMutex
	closed bool
	done   chan struct{}
	// restartWAL asks for a RESTART checkpoint before the next group
	// (checkpoint.go).
	restartWAL atomic.Bool
	// groups and grouped count commits and the callers' transactions in them.
	groups, grouped atomic.Int64
}

type writeJob struct {
	ctx context.Context
	fn  func(tx *Tx) error
	res chan writeResult
}

type writeResult struct {
	err   error
	panic any // re-raised on the caller's goroutine
}

// maxGroup bounds a group, so one commit never holds a very long queue.
const maxGroup = 64

var errClosed = errors.New("storage: database closed")

func (db *DB) startGroupWriter() {
	g := &groupWriter{jobs: make(chan *writeJob), done: make(chan struct{})}
	db.group = g
	go func() {
		defer close(g.done)
		for first := range g.jobs {
			batch := []*writeJob{first}
		more:
			for len(batch) < maxGroup {
				select {
				case j, ok := <-g.jobs:
					if !ok {
						break more
					}
					batch = append(batch, j)
				default:
					break more
				}
			}
			if g.restartWAL.CompareAndSwap(true, false) {
				// No write of this process runs meanwhile: this goroutine
				// is its only writer.
				db.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(RESTART)`)
			}
			db.commitGroup(batch)
		}
	}()
}

// write hands fn to the group writer and waits for its commit.
func (g *groupWriter) write(ctx context.Context, fn func(tx *Tx) error) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return errClosed
	}
	j := &writeJob{ctx: ctx, fn: fn, res: make(chan writeResult, 1)}
	select {
	case g.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once taken, the job is seen through to its end even if ctx ends: its
	// statements use ctx and fail, and the caller must not return while
	// fn may still run.
	r := <-j.res
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// close waits for the callers in flight and stops the writer.
func (g *groupWriter) close() {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		close(g.jobs)
	}
	g.mu.Unlock()
	<-g.done
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
