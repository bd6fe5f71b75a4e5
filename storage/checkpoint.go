package storage

import (
	"context"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database
// file. SQLite would otherwise do it inside the commit that crosses 1,000
// pages of WAL, with an fsync of the database file, while that commit still
// holds the one write lock: 10–15 ms during which every writer waits, the
// largest part of a busy webhook's p99. Done here instead, on a pooled
// connection and in PASSIVE mode, it runs beside the writer, not in its way.
const checkpointEvery = 200 * time.Millisecond

// walRestartFrames bounds the WAL (about 40 MB of 4 KB pages). A passive
// checkpoint copies only what was committed when it began, and SQLite
// starts the WAL over only when a writer begins after everything has been
// copied; under steady load that moment may never come and the WAL would
// grow for ever. Past this size the group writer runs a RESTART checkpoint
// between two groups, which lets the next writer start the WAL over.
const walRestartFrames = 10_000

// startCheckpointer copies the WAL into the database file in the
// background until stop is called. Other processes on the same file (the
// CLI) leave this to the server, and SQLite checkpoints when the last
// connection closes.
func (db *DB) startCheckpointer() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				// An error (say, the disk full) is met again by the next
				// commit, which reports it to its caller; the WAL only
				// grows meanwhile.
				var busy, frames, copied int
				err := db.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
				if err == nil && int64(frames) > db.walLimit.Load() && db.group != nil {
					db.group.restartWAL.Store(true)
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
