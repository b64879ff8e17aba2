-- +goose Up
-- A session carries who it belongs to, so a request is authenticated with one
-- read. The copy cannot go stale: changing a user's roles, password or
-- status ends all of that user's sessions.
ALTER TABLE sessions ADD COLUMN user_email TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_roles TEXT NOT NULL DEFAULT '';
UPDATE sessions SET ended_at = CURRENT_TIMESTAMP, end_reason = 'upgrade' WHERE ended_at IS NULL;

-- Moves on with every change to any case, in the same transaction, so that
-- every instance knows when what it has cached of the case list is stale.
CREATE TABLE case_epoch (
    id INTEGER PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO case_epoch (id, n) VALUES (1, 0);

-- +goose Down
DROP TABLE case_epoch;
ALTER TABLE sessions DROP COLUMN user_roles;
ALTER TABLE sessions DROP COLUMN user_name;
ALTER TABLE sessions DROP COLUMN user_email;
