-- +goose Up
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    deactivated_at      TIMESTAMP NULL
);

CREATE TABLE user_roles (
    user_id    TEXT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    granted_by TEXT NULL,
    PRIMARY KEY (user_id, role)
);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of
-- the database does not yield live sessions.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    client_ip    TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP NULL,
    end_reason   TEXT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, ended_at);

CREATE TABLE signin_attempts (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL,
    client_ip    TEXT NOT NULL,
    succeeded    BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX signin_attempts_email ON signin_attempts (email, attempted_at);
CREATE INDEX signin_attempts_ip ON signin_attempts (client_ip, attempted_at);

CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    client_ip   TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

-- One row whose update serialises appends: every writer takes its row lock
-- before reading the chain head, so two transactions never extend the same head.
CREATE TABLE audit_chain (
    id       INTEGER PRIMARY KEY,
    head_seq BIGINT NOT NULL
);
INSERT INTO audit_chain (id, head_seq) VALUES (1, 0);

-- +goose Down
DROP TABLE audit_chain;
DROP TABLE audit_events;
DROP TABLE signin_attempts;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
