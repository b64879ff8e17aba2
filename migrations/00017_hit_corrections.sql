-- +goose Up
-- A compliance officer's proposal that a confirmed match was wrong: the party
-- is not the listed entry. It corrects one decision (decision_id) and counts
-- only once a second compliance officer confirms it; then a false-positive
-- decision naming the correction is appended to hit_decisions, and the
-- confirmed decision stays there. A correction is answered once: confirmed,
-- or declined with a reason.
CREATE TABLE hit_corrections (
    id            TEXT PRIMARY KEY,
    party_id      TEXT NOT NULL REFERENCES parties (id),
    source        TEXT NOT NULL,
    source_id     TEXT NOT NULL,
    hit_id        TEXT NOT NULL REFERENCES screening_hits (id),
    case_id       TEXT NOT NULL REFERENCES cases (id),
    decision_id   TEXT NOT NULL REFERENCES hit_decisions (id),
    reason        TEXT NOT NULL,
    proposed_by   TEXT NOT NULL REFERENCES users (id),
    proposed_at   TIMESTAMP NOT NULL,
    status        TEXT NOT NULL, -- pending | confirmed | declined
    answered_by   TEXT NULL REFERENCES users (id),
    answered_at   TIMESTAMP NULL,
    answer_reason TEXT NOT NULL DEFAULT '' -- why it was declined
);
-- One correction of a decision waits at a time, whichever case it came from.
CREATE UNIQUE INDEX hit_corrections_pending ON hit_corrections (decision_id) WHERE status = 'pending';
CREATE INDEX hit_corrections_party ON hit_corrections (party_id, status);

ALTER TABLE hit_decisions ADD COLUMN correction_id TEXT NULL REFERENCES hit_corrections (id);

-- +goose Down
-- Corrections are records of who decided what and why: going back would
-- lose them.
SELECT 1;
