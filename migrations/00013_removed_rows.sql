-- +goose Up
-- Nothing of a case is deleted: a party, an item or a document taken off a
-- case keeps its row, marked with who removed it, when and why.
ALTER TABLE case_items ADD COLUMN removed_at TIMESTAMP NULL;
ALTER TABLE case_items ADD COLUMN removed_by TEXT NULL REFERENCES users (id);
ALTER TABLE case_items ADD COLUMN removed_reason TEXT NOT NULL DEFAULT '';

ALTER TABLE case_attachments ADD COLUMN removed_at TIMESTAMP NULL;
ALTER TABLE case_attachments ADD COLUMN removed_by TEXT NULL REFERENCES users (id);
ALTER TABLE case_attachments ADD COLUMN removed_reason TEXT NOT NULL DEFAULT '';

-- A party removed from a case may be added again in the same role, so the
-- link is unique only among the links not removed. SQLite cannot drop a
-- table's UNIQUE constraint: the table is built again.
CREATE TABLE case_parties_kept (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    party_id       TEXT NOT NULL REFERENCES parties (id),
    role           TEXT NOT NULL,
    added_by       TEXT NOT NULL REFERENCES users (id),
    added_at       TIMESTAMP NOT NULL,
    removed_at     TIMESTAMP NULL,
    removed_by     TEXT NULL REFERENCES users (id),
    removed_reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_parties_kept (id, case_id, party_id, role, added_by, added_at)
SELECT id, case_id, party_id, role, added_by, added_at FROM case_parties;
DROP TABLE case_parties;
ALTER TABLE case_parties_kept RENAME TO case_parties;
CREATE UNIQUE INDEX case_parties_on_case ON case_parties (case_id, party_id, role) WHERE removed_at IS NULL;
CREATE INDEX case_parties_party ON case_parties (party_id);

-- +goose Down
-- Removed rows are kept: going back would have to delete them or let them
-- count again, and either loses what was recorded.
SELECT 1;
