-- +goose Up
-- Every interaction is stored, with its raw payload, before it is
-- acknowledged; workers then decide it. (channel, external_id) makes a
-- message delivered twice one row.
CREATE TABLE interactions (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    external_id     TEXT,
    kind            TEXT NOT NULL,
    input           TEXT NOT NULL,
    raw             TEXT,
    received_at     TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lock_token      TEXT NOT NULL DEFAULT '',
    locked_until    TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    client_id       TEXT REFERENCES clients (id),
    therapist_id    TEXT,
    crisis          BOOLEAN NOT NULL DEFAULT FALSE,
    urgency         BIGINT NOT NULL DEFAULT 0,
    decision        TEXT,
    processed_at    TIMESTAMPTZ,
    review_status   TEXT NOT NULL DEFAULT '',
    reviewed_by     TEXT NOT NULL DEFAULT '',
    UNIQUE (channel, external_id)
);
CREATE INDEX interactions_due ON interactions (status, next_attempt_at);
CREATE INDEX interactions_received ON interactions (received_at);
CREATE INDEX interactions_client ON interactions (client_id, received_at);

-- Items for a client's next session, closed by the therapist with a note.
CREATE TABLE agenda_items (
    id             TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL REFERENCES clients (id),
    interaction_id TEXT,
    source         TEXT NOT NULL,
    text           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    due_at         TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ,
    closed_by      TEXT NOT NULL DEFAULT '',
    close_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_open ON agenda_items (client_id, closed_at);

-- Crises waiting for a person: shown on every console page until
-- acknowledged.
CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,
    interaction_id  TEXT NOT NULL,
    client_id       TEXT,
    summary         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_open ON alerts (acknowledged_at);

-- Who is alerted, in order.
CREATE TABLE oncall (
    position BIGINT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id)
);

-- Messages to deliver (mail, SMS, social replies, webhooks), written in the
-- same transaction as the decision that causes them and sent by a worker
-- with retries.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    meta            TEXT NOT NULL DEFAULT '{}',
    interaction_id  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'cancelled')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Name keys for finding clients by name without loading the roster
-- (see package resolve).
CREATE TABLE client_name_keys (
    key       TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id),
    associate TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (key, client_id, associate)
);
CREATE INDEX client_name_keys_client ON client_name_keys (client_id);

-- Identities are looked up by the resolver's key (package resolve), which
-- folds Gmail's dots and tags; the stored value stays as entered.
ALTER TABLE client_identities ADD COLUMN lookup_key TEXT NOT NULL DEFAULT '';
CREATE INDEX client_identities_lookup ON client_identities (kind, lookup_key);
ALTER TABLE associate_identities ADD COLUMN lookup_key TEXT NOT NULL DEFAULT '';
CREATE INDEX associate_identities_lookup ON associate_identities (kind, lookup_key);

-- Practice settings as JSON documents by key (reply templates, channel
-- options, alert webhook).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE client_name_keys;
DROP TABLE outbox;
DROP TABLE oncall;
DROP TABLE alerts;
DROP TABLE agenda_items;
DROP TABLE interactions;
