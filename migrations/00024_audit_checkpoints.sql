-- +goose Up
-- Signed checkpoints of the audit chain's head. Each signs, with an Ed25519
-- key kept outside the database, the sequence number and hash of the newest
-- event when it was made: whoever rewrites history and recomputes every
-- later hash cannot make the signed heads match without that key. A
-- checkpoint is never changed; a later one only adds.
CREATE TABLE audit_checkpoints (
    seq        BIGINT PRIMARY KEY,  -- the head event's sequence number
    head_hash  TEXT NOT NULL,       -- that event's hash
    signed_at  TIMESTAMP NOT NULL,
    key_id     TEXT NOT NULL,       -- SHA-256 of the public key, hex, first 16 characters
    signature  TEXT NOT NULL        -- base64 Ed25519 signature of the checkpoint's message
);

-- +goose Down
DROP TABLE audit_checkpoints;
