-- +goose Up
-- Superseded by the partial indexes of migration 00008, which hold only
-- the open rows: every statement that looked for waiting interactions or
-- messages now reads those. These two still took an entry for every
-- interaction and message ever written, a page more in each commit.
DROP INDEX interactions_due;
DROP INDEX outbox_due;

-- +goose Down
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX interactions_due ON interactions (status, next_attempt_at);
