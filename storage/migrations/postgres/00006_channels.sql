-- +goose Up
-- Where the IMAP poller stopped in each mailbox. A changed UIDVALIDITY
-- means the server renumbered the mailbox: it is scanned again and the
-- Message-ID de-duplication of interactions keeps repeats out.
CREATE TABLE mail_cursors (
    mailbox      TEXT PRIMARY KEY,
    uid_validity BIGINT NOT NULL,
    last_uid     BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- One automatic email reply per sender per day (RFC 3834 section 2): the
-- primary key makes a second reply the same day impossible, even when two
-- workers decide at once.
CREATE TABLE auto_replies (
    sender         TEXT NOT NULL,
    day            TEXT NOT NULL,
    interaction_id TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sender, day)
);

-- Webhook events that are not interactions (receipts, likes, unknown
-- types), kept raw so a person can see what arrived and was left alone.
CREATE TABLE ignored_events (
    id          TEXT PRIMARY KEY,
    channel     TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    external_id TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    raw         TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ignored_events_received ON ignored_events (received_at);

-- Connection audits from platform data exports: who ran one, on what, and
-- the findings (each also submitted as an interaction).
CREATE TABLE connection_audits (
    id         TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    owner      TEXT NOT NULL,
    list_kind  TEXT NOT NULL,
    people     BIGINT NOT NULL,
    findings   TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE connection_audits;
DROP TABLE ignored_events;
DROP TABLE auto_replies;
DROP TABLE mail_cursors;
