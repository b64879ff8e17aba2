-- +goose Up
-- Whether an item is subject to US export rules, and its US classification
-- (ECCN): a US list binds some transactions only, and a decision that one
-- does not apply is checked against them.
ALTER TABLE case_items ADD COLUMN subject_to_us BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE case_items ADD COLUMN eccn TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE case_items DROP COLUMN eccn;
ALTER TABLE case_items DROP COLUMN subject_to_us;
