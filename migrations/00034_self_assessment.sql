-- +goose Up
-- The periodic ICP self-assessment: a period (such as a year) in which the
-- compliance officers answer Vigil's questions on the seven core elements of
-- Recommendation (EU) 2019/1318, each with a maturity from 0 to 4, evidence
-- and a comment. A completed period is read-only.
CREATE TABLE selfassess_periods (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    from_on      TIMESTAMP NOT NULL, -- midnight UTC of the first day
    to_on        TIMESTAMP NOT NULL, -- midnight UTC of the last day
    target       INTEGER NOT NULL CHECK (target BETWEEN 1 AND 4),
    status       TEXT NOT NULL CHECK (status IN ('open', 'completed')),
    opened_by    TEXT NOT NULL REFERENCES users (id),
    opened_at    TIMESTAMP NOT NULL,
    completed_by TEXT NULL REFERENCES users (id),
    completed_at TIMESTAMP NULL,
    CHECK (to_on >= from_on),
    CHECK ((status = 'open' AND completed_at IS NULL) OR (status = 'completed' AND completed_at IS NOT NULL))
);

-- One answer per question of a period. links are Vigil paths, one a line;
-- a gap raised as a finding keeps the finding's id and reference.
CREATE TABLE selfassess_answers (
    id                TEXT PRIMARY KEY,
    period_id         TEXT NOT NULL REFERENCES selfassess_periods (id),
    question_key      TEXT NOT NULL,
    maturity          INTEGER NOT NULL CHECK (maturity BETWEEN 0 AND 4),
    comment           TEXT NOT NULL DEFAULT '',
    links             TEXT NOT NULL DEFAULT '',
    finding_id        TEXT NOT NULL DEFAULT '',
    finding_reference TEXT NOT NULL DEFAULT '',
    answered_by       TEXT NOT NULL REFERENCES users (id),
    answered_at       TIMESTAMP NOT NULL,
    UNIQUE (period_id, question_key)
);

-- Files given as evidence for an answer, kept by the file store.
CREATE TABLE selfassess_attachments (
    id           TEXT PRIMARY KEY,
    answer_id    TEXT NOT NULL REFERENCES selfassess_answers (id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX selfassess_attachments_answer ON selfassess_attachments (answer_id);

-- +goose Down
DROP TABLE selfassess_attachments;
DROP TABLE selfassess_answers;
DROP TABLE selfassess_periods;
