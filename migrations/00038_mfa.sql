-- +goose Up
-- Multi-factor sign-in for local accounts: an authenticator app's secret
-- (TOTP, RFC 6238) per user, one-time recovery codes, the sign-ins waiting
-- for their second factor, and the roles whose holders must use one.

-- The secret is sealed with AES-GCM under a key derived from the session
-- key, so a copy of the database alone cannot produce codes. confirmed_at
-- is NULL while an enrolment waits for its first code; last_step is the
-- last 30-second time step whose code was accepted, so that no code is
-- accepted twice.
CREATE TABLE mfa_totp (
    user_id      TEXT PRIMARY KEY REFERENCES users (id),
    secret       TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    last_step    BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL
);

-- Recovery codes are kept as SHA-256 hashes only; each is spent once.
CREATE TABLE mfa_recovery_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes (user_id, code_hash);

-- A sign-in whose password was right and whose second factor is still to
-- come (purpose verify), or whose user must first enrol (purpose enrol).
-- The browser holds the token in a cookie of its own; the row its hash.
CREATE TABLE mfa_pending_signins (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    purpose    TEXT NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at   TIMESTAMP
);

-- The roles whose holders must sign in with a second factor: the
-- company's choice, set by an administrator.
CREATE TABLE mfa_required_roles (
    role        TEXT PRIMARY KEY,
    required_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE mfa_required_roles;
DROP TABLE mfa_pending_signins;
DROP TABLE mfa_recovery_codes;
DROP TABLE mfa_totp;
