-- +goose Up
-- A match on a list that does not bind the transaction ("not applicable")
-- is decided by one compliance officer and confirmed by another: who
-- confirmed it, and when. It holds for the case it was decided on only.
ALTER TABLE hit_decisions ADD COLUMN confirmed_by TEXT NULL REFERENCES users (id);
ALTER TABLE hit_decisions ADD COLUMN confirmed_at TIMESTAMP NULL;

-- +goose Down
ALTER TABLE hit_decisions DROP COLUMN confirmed_at;
ALTER TABLE hit_decisions DROP COLUMN confirmed_by;
