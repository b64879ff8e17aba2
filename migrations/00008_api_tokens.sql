-- +goose Up
-- Tokens of the systems (ERP, CRM) that call the JSON API. Only the SHA-256 of
-- a token is stored, so a copy of the database yields no working token; the
-- prefix is its first characters, shown to tell tokens apart.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT NULL REFERENCES users (id), -- NULL: the command line
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NULL,
    revoked_at   TIMESTAMP NULL,
    revoked_by   TEXT NULL REFERENCES users (id)
);
-- A name stands for one live token: the audit trail names the caller by it.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE api_tokens;
