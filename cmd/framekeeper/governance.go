package main

import (
	"context"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/storage"
)

// reminderInterval is how often the governance reminders pass runs: due
// dates are days apart, so once a minute is prompt and cheap.
const reminderInterval = time.Minute

// governanceReminders alerts supervisors about overdue search discussions
// and therapists about due self-audits, by email through the outbox, until
// ctx ends.
func (a *App) governanceReminders(ctx context.Context) {
	t := time.NewTicker(reminderInterval)
	defer t.Stop()
	for {
		if n, err := a.db.SendGovernanceReminders(ctx, a.URL()); err != nil && ctx.Err() == nil {
			a.log.Error("Governance reminders failed", "error", err)
		} else if n > 0 {
			a.log.Info("Governance reminders queued", "messages", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// outboundGuard is the deliver worker's last check on what the practice
// sends to people. Webhook calls carry machine-readable alerts to the
// practice's own systems and are not messages to a person.
func outboundGuard(m framekeeper.OutboxMessage) error {
	if m.Kind == "webhook" {
		return nil
	}
	g := storage.OutboundGuard()
	if err := g.Check(m.Subject); err != nil {
		return err
	}
	return g.Check(m.Body)
}
