-- +goose Up
-- The practice this database serves (one per database).
CREATE TABLE practice (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'therapist', 'front_desk')),
    password_hash TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Login sessions and API tokens keep only the SHA-256 of the secret.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_staff ON sessions (staff_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE login_failures (
    id    TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);
CREATE INDEX login_failures_ip_at ON login_failures (ip, at);

-- chart_seq and chart_head remember the last chart entry, so removing the
-- newest entry is detected too.
CREATE TABLE clients (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('current', 'former', 'prospective')),
    therapist_id TEXT REFERENCES staff (id),
    search_key   TEXT NOT NULL,
    chart_seq    BIGINT NOT NULL DEFAULT 0,
    chart_head   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX clients_therapist ON clients (therapist_id);
CREATE INDEX clients_name ON clients (name);

-- An identity belongs to one client: the primary key makes a second claim a
-- conflict.
CREATE TABLE client_identities (
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id),
    PRIMARY KEY (kind, value)
);
CREATE INDEX client_identities_client ON client_identities (client_id);

CREATE TABLE associates (
    id        TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id),
    name      TEXT NOT NULL,
    relation  TEXT NOT NULL DEFAULT '',
    position  BIGINT NOT NULL
);
CREATE INDEX associates_client ON associates (client_id);

-- Relatives may share a family phone or email, so these are not unique.
CREATE TABLE associate_identities (
    associate_id TEXT NOT NULL REFERENCES associates (id),
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (associate_id, kind, value)
);
CREATE INDEX associate_identities_value ON associate_identities (kind, value);

-- The chart: append-only, hash-chained (see package record).
CREATE TABLE record_entries (
    id         TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients (id),
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    data       TEXT,
    author_id  TEXT NOT NULL DEFAULT '',
    amends     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    UNIQUE (client_id, seq)
);

CREATE TABLE access_log (
    id        TEXT PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    staff_id  TEXT NOT NULL,
    client_id TEXT NOT NULL,
    action    TEXT NOT NULL
);
CREATE INDEX access_log_client_at ON access_log (client_id, at);

-- +goose Down
DROP TABLE access_log;
DROP TABLE record_entries;
DROP TABLE associate_identities;
DROP TABLE associates;
DROP TABLE client_identities;
DROP TABLE clients;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE staff;
DROP TABLE practice;
