-- +goose Up
-- The policy being edited: one row.
CREATE TABLE policy_draft (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- Published versions never change. document is the exact client document as
-- published (JSON), so later wording changes in the product cannot alter it.
CREATE TABLE policy_versions (
    number       INTEGER PRIMARY KEY,
    summary      TEXT NOT NULL,
    body         TEXT NOT NULL,
    document     TEXT NOT NULL,
    effective_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP NOT NULL,
    author_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL
);

-- +goose Down
DROP TABLE policy_versions;
DROP TABLE policy_draft;
