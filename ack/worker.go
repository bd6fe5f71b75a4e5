package ack

import (
	"context"
	"log/slog"
	"time"
)

// Passer makes one pass over open acknowledgments: expiries, notices of a
// new version, reminders. Storage implements it.
type Passer interface {
	RunPass(ctx context.Context) (int, error)
}

// Worker runs passes until its context ends. Every replica may run one: a
// pass claims each sending with a conditional update, so nothing goes out
// twice.
type Worker struct {
	Store    Passer
	Log      *slog.Logger
	Interval time.Duration // between passes; 5 seconds when zero
}

// Run makes passes until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	interval := w.Interval
	if interval == 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := w.Store.RunPass(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("Acknowledgment pass failed", "error", err)
		} else if n > 0 {
			w.Log.Info("Acknowledgment pass", "actions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
