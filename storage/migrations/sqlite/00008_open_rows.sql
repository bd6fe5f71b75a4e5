-- +goose Up
-- Workers look for the few rows still open among many finished ones, inside
-- write transactions that every other writer waits for. Partial indexes
-- hold only the open rows, so a worker's poll stays as quick with a million
-- rows of history as with ten (before these, each poll read the whole
-- table). The queries repeat each index's condition word for word: that is
-- how both engines know the index applies.
CREATE INDEX interactions_open ON interactions (next_attempt_at, received_at)
    WHERE status IN ('pending', 'failed', 'processing');
CREATE INDEX outbox_open ON outbox (next_attempt_at)
    WHERE status IN ('pending', 'failed', 'sending');
-- The reply an SMS webhook answers with is found by its interaction.
CREATE INDEX outbox_interaction ON outbox (interaction_id);
CREATE INDEX ack_signers_email_pending ON ack_signers (ack_id)
    WHERE status = 'pending' AND delivery = 'email';
CREATE INDEX ack_signers_letter_pending ON ack_signers (ack_id) WHERE letter_pending;
CREATE INDEX ack_signers_notice_due ON ack_signers (id) WHERE notice_due;

-- +goose Down
DROP INDEX ack_signers_notice_due;
DROP INDEX ack_signers_letter_pending;
DROP INDEX ack_signers_email_pending;
DROP INDEX outbox_interaction;
DROP INDEX outbox_open;
DROP INDEX interactions_open;
