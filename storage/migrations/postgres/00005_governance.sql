-- +goose Up
-- What each client agreed to (or refused) about electronic contact. Never
-- edited: a consent is revoked, and the newest of a kind is in force.
CREATE TABLE consents (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients (id),
    kind        TEXT NOT NULL CHECK (kind IN ('search', 'texting', 'email', 'preferred_channel')),
    granted     BOOLEAN NOT NULL,
    scope       TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    given_at    TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    revoked_by  TEXT NOT NULL DEFAULT '',
    revoke_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_client ON consents (client_id, kind);

-- A therapist's requests to search for a client online, with the decision,
-- the outcome and the agenda item that follows it up.
CREATE TABLE search_requests (
    id                 TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL REFERENCES clients (id),
    requested_by       TEXT NOT NULL,
    requested_by_name  TEXT NOT NULL,
    grounds            TEXT NOT NULL,
    contact_attempts   TEXT NOT NULL DEFAULT '',
    scope              TEXT NOT NULL,
    decision           TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
    actions            TEXT NOT NULL,
    explanation        TEXT NOT NULL,
    stance             TEXT NOT NULL,
    policy_version     INTEGER NOT NULL,
    crisis             BOOLEAN NOT NULL,
    consent            BOOLEAN NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('denied', 'awaiting_approval', 'approved', 'declined', 'searched')),
    needs_approval     BOOLEAN NOT NULL,
    approved_by        TEXT NOT NULL DEFAULT '',
    approved_at        TIMESTAMPTZ,
    approval_note      TEXT NOT NULL DEFAULT '',
    agenda_item_id     TEXT REFERENCES agenda_items (id),
    looked_at          TEXT NOT NULL DEFAULT '',
    found              TEXT NOT NULL DEFAULT '',
    ended_at           TIMESTAMPTZ,
    outcome_by         TEXT NOT NULL DEFAULT '',
    outcome_at         TIMESTAMPTZ,
    overdue_alerted_at TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX search_requests_created ON search_requests (created_at);
CREATE INDEX search_requests_client ON search_requests (client_id);

-- Completed self-audits of a clinician's own social media (seed 003).
CREATE TABLE self_audits (
    id           TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    items        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    completed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX self_audits_staff ON self_audits (staff_id, completed_at);

-- One reminder per clinician per due date, so a reminder is sent once.
CREATE TABLE self_audit_reminders (
    staff_id TEXT NOT NULL REFERENCES staff (id),
    due_at   TIMESTAMPTZ NOT NULL,
    sent_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (staff_id, due_at)
);

-- +goose Down
DROP TABLE self_audit_reminders;
DROP TABLE self_audits;
DROP TABLE search_requests;
DROP TABLE consents;
