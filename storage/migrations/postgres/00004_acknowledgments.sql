-- +goose Up
-- A signing request: one version of the policy, its signers and the
-- therapist's countersignature. The signed PDF and a paper scan are kept
-- with their SHA-256, as the evidence of what was signed.
CREATE TABLE acknowledgments (
    id                 TEXT PRIMARY KEY,
    client_id          TEXT NOT NULL REFERENCES clients (id),
    policy_version     INTEGER NOT NULL REFERENCES policy_versions (number),
    document_sha256    TEXT NOT NULL,
    method             TEXT NOT NULL CHECK (method IN ('electronic', 'paper')),
    reason             TEXT NOT NULL DEFAULT 'request',
    status             TEXT NOT NULL CHECK (status IN ('pending', 'signed', 'needs_reacknowledgment', 'expired', 'revoked')),
    created_at         TIMESTAMPTZ NOT NULL,
    created_by         TEXT NOT NULL DEFAULT '',
    expires_at         TIMESTAMPTZ NOT NULL,
    signed_at          TIMESTAMPTZ,
    countersigned_at   TIMESTAMPTZ,
    countersigned_by   TEXT NOT NULL DEFAULT '',
    countersigner_id   TEXT,
    revoked_at         TIMESTAMPTZ,
    change_summary     TEXT NOT NULL DEFAULT '',
    signed_pdf         BYTEA,
    signed_pdf_sha256  TEXT NOT NULL DEFAULT '',
    scan               BYTEA,
    scan_type          TEXT NOT NULL DEFAULT '',
    scan_sha256        TEXT NOT NULL DEFAULT '',
    attestation        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX acknowledgments_client ON acknowledgments (client_id, created_at);
CREATE INDEX acknowledgments_status ON acknowledgments (status, expires_at);

CREATE TABLE ack_signers (
    id                 TEXT PRIMARY KEY,
    ack_id             TEXT NOT NULL REFERENCES acknowledgments (id),
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL DEFAULT '',
    delivery           TEXT NOT NULL CHECK (delivery IN ('email', 'letter')),
    status             TEXT NOT NULL CHECK (status IN ('pending', 'signed', 'declined')),
    signed_name        TEXT NOT NULL DEFAULT '',
    signed_at          TIMESTAMPTZ,
    opened_at          TIMESTAMPTZ,
    last_sent_at       TIMESTAMPTZ,
    reminders          INTEGER NOT NULL DEFAULT 0,
    paper_requested    BOOLEAN NOT NULL DEFAULT FALSE,
    questions          TEXT NOT NULL DEFAULT '',
    notice_due         BOOLEAN NOT NULL DEFAULT FALSE,
    letter_pending     BOOLEAN NOT NULL DEFAULT FALSE,
    last_outbox_id     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ack_signers_ack ON ack_signers (ack_id, position);

-- Signing links are kept only as the SHA-256 of their secret. A signer may
-- hold several (the first email, reminders); all end with the request.
CREATE TABLE ack_tokens (
    token_hash TEXT PRIMARY KEY,
    signer_id  TEXT NOT NULL REFERENCES ack_signers (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ack_tokens_signer ON ack_tokens (signer_id);

-- The evidence trail: every event with time, address and browser.
CREATE TABLE ack_events (
    id         TEXT PRIMARY KEY,
    ack_id     TEXT NOT NULL REFERENCES acknowledgments (id),
    signer_id  TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ack_events_ack ON ack_events (ack_id, at);

-- Requests to the signing pages, counted per address for rate limiting.
CREATE TABLE sign_attempts (
    id TEXT PRIMARY KEY,
    ip TEXT NOT NULL,
    ok BOOLEAN NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_attempts_ip_at ON sign_attempts (ip, at);

-- +goose Down
DROP TABLE sign_attempts;
DROP TABLE ack_events;
DROP TABLE ack_tokens;
DROP TABLE ack_signers;
DROP TABLE acknowledgments;
