-- +goose Up
-- A therapist's inbox lists and counts their own clients' interactions,
-- newest first; without this index each page read every interaction of
-- the practice (on a platform, millions) to find a caseload's few.
CREATE INDEX interactions_therapist ON interactions (therapist_id, received_at);

-- +goose Down
DROP INDEX interactions_therapist;
