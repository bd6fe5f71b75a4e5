package storage

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/triage"
)

// ConfirmSender is a person confirming that a name-matched sender is the
// client triage suggested. The effects held back for the match follow now,
// in one transaction: the chart note, the agenda item, the held reply.
func (db *DB) ConfirmSender(ctx context.Context, actor framekeeper.Actor, interactionID string) error {
	if !actor.CanWriteChart() {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not confirm senders.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		s, err := reviewable(ctx, tx, interactionID)
		if err != nil {
			return err
		}
		d := s.Decision
		if d.Sender.Match != triage.MatchFuzzy || d.Sender.ClientID == "" {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This sender needs no confirmation.")
		}
		c, err := findClientForActor(ctx, tx, actor, d.Sender.ClientID, true)
		if err != nil {
			return err
		}
		d.Sender.Match, d.Sender.Confidence = triage.MatchExact, 1
		d.Actions = append(d.Actions, d.Pending...)
		d.Pending = nil
		if d.Has(triage.ActDocument) && d.ChartNote != nil {
			data, _ := json.Marshal(map[string]any{"event_id": s.ID, "kind": s.Input.Kind, "channel": s.Input.Channel,
				"actions": d.Actions, "policy": d.Policy, "confirmed_by": actor.Name})
			if err := appendRecord(ctx, tx, &framekeeper.RecordEntry{ClientID: c.ID, Kind: "interaction", AuthorID: actor.StaffID,
				Text: *d.ChartNote + "\n(Sender confirmed by " + actor.Name + ".)", Data: data}); err != nil {
				return err
			}
		}
		if d.Has(triage.ActAgenda) && d.AgendaItem != nil {
			if err := insertAgenda(ctx, tx, &framekeeper.AgendaItem{ClientID: c.ID, InteractionID: s.ID, Source: "interaction", Text: *d.AgendaItem}); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE outbox SET status = ? WHERE interaction_id = ? AND status = ?`, framekeeper.OutboxPending, s.ID, framekeeper.OutboxHeld); err != nil {
			return err
		}
		b, _ := json.Marshal(d)
		_, err = tx.exec(ctx, `UPDATE interactions SET decision = ?, client_id = ?, therapist_id = ?, review_status = ?, reviewed_by = ? WHERE id = ?`,
			string(b), c.ID, nullString(c.TherapistID), "confirmed", actor.Name, s.ID)
		return err
	})
}

// RejectSender records that a name-matched sender is not the suggested
// client: nothing held back is sent or written.
func (db *DB) RejectSender(ctx context.Context, actor framekeeper.Actor, interactionID string) error {
	if actor.Role == framekeeper.RoleFrontDesk {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not review senders.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		s, err := reviewable(ctx, tx, interactionID)
		if err != nil {
			return err
		}
		d := s.Decision
		d.Sender = triage.SenderResult{Relationship: triage.Unknown, Match: triage.MatchNone}
		d.Pending = nil
		b, _ := json.Marshal(d)
		if _, err := tx.exec(ctx, `UPDATE outbox SET status = ?, last_error = ? WHERE interaction_id = ? AND status = ?`,
			framekeeper.OutboxCancelled, "sender not confirmed", s.ID, framekeeper.OutboxHeld); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE interactions SET decision = ?, client_id = NULL, therapist_id = NULL, review_status = ?, reviewed_by = ? WHERE id = ?`,
			string(b), "rejected", actor.Name, s.ID)
		return err
	})
}

func reviewable(ctx context.Context, tx *Tx, id string) (intake.Stored, error) {
	s, err := scanInteraction(tx.queryRow(ctx, `SELECT `+interactionColumns+` FROM interactions WHERE id = ?`+tx.db.dialect.forUpdate(), id))
	if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
		return s, framekeeper.Errorf(framekeeper.ENOTFOUND, "Interaction not found.")
	} else if err != nil {
		return s, err
	}
	if s.Decision == nil {
		return s, framekeeper.Errorf(framekeeper.ECONFLICT, "This interaction has not been decided yet.")
	}
	if s.ReviewStatus == "confirmed" || s.ReviewStatus == "rejected" {
		return s, framekeeper.Errorf(framekeeper.ECONFLICT, "This sender was already %s.", s.ReviewStatus)
	}
	return s, nil
}

// ReviewReply sends (with possibly edited text) or skips a reply that waits
// for a person. check vets the text first (the outbound guard).
func (db *DB) ReviewReply(ctx context.Context, actor framekeeper.Actor, outboxID, text string, send bool, check func(string) error) error {
	if !actor.CanWriteChart() && actor.Role != framekeeper.RoleFrontDesk {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Your role does not send replies.")
	}
	text = strings.TrimSpace(text)
	if send {
		if text == "" {
			return framekeeper.Invalid("text", "The reply is empty.")
		}
		if check != nil {
			if err := check(text); err != nil {
				return err
			}
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		m, err := scanOutbox(tx.queryRow(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`+tx.db.dialect.forUpdate(), outboxID))
		if framekeeper.ErrorCode(err) == framekeeper.ENOTFOUND {
			return framekeeper.Errorf(framekeeper.ENOTFOUND, "Reply not found.")
		} else if err != nil {
			return err
		}
		if m.Kind == "webhook" || (m.Status != framekeeper.OutboxHeld && m.Status != framekeeper.OutboxPending && m.Status != framekeeper.OutboxFailed) {
			return framekeeper.Errorf(framekeeper.ECONFLICT, "This message can no longer be changed (it is %s).", m.Status)
		}
		if !send {
			_, err := tx.exec(ctx, `UPDATE outbox SET status = ?, last_error = ? WHERE id = ?`, framekeeper.OutboxCancelled, "skipped by "+actor.Name, m.ID)
			return err
		}
		_, err = tx.exec(ctx, `UPDATE outbox SET status = ?, body = ?, next_attempt_at = ? WHERE id = ?`, framekeeper.OutboxPending, text, tx.now, m.ID)
		return err
	})
}
