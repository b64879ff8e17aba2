-- +goose Up
-- The human-rights due diligence of a case, one row per version. A material
-- change of the case (items, parties, destination, end use) starts the next
-- version; earlier ones stay as they were. A signature holds while the
-- answers' hash equals the hash it signed.
CREATE TABLE assessments (
    id                     TEXT PRIMARY KEY,
    case_id                TEXT NOT NULL REFERENCES cases (id),
    version                INTEGER NOT NULL,
    answers                TEXT NOT NULL, -- JSON, one object per section
    status                 TEXT NOT NULL, -- draft | signed
    author_id              TEXT NOT NULL REFERENCES users (id),
    proposed_level         TEXT NOT NULL,
    conclusion_level       TEXT NOT NULL DEFAULT '',
    override_justification TEXT NOT NULL DEFAULT '',
    content_hash           TEXT NOT NULL, -- SHA-256 of the answers
    case_basis_hash        TEXT NOT NULL, -- SHA-256 of the case content assessed
    signed_by              TEXT NULL REFERENCES users (id),
    signed_at              TIMESTAMP NULL,
    signed_hash            TEXT NOT NULL DEFAULT '',
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    UNIQUE (case_id, version)
);

-- Everyone who wrote a version's answers: none of them may sign it.
CREATE TABLE assessment_editors (
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (assessment_id, user_id)
);

-- The notification to the competent authority under Art. 5(2) of
-- Regulation 2021/821, fixed when made, and the authority's reply.
CREATE TABLE authority_notifications (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    assessment_id     TEXT NOT NULL REFERENCES assessments (id),
    created_at        TIMESTAMP NOT NULL,
    created_by        TEXT NOT NULL REFERENCES users (id),
    snapshot          TEXT NOT NULL, -- JSON: case, items, parties, findings, signatory
    reply_date        TEXT NOT NULL DEFAULT '',
    reply_reference   TEXT NOT NULL DEFAULT '',
    reply_decision    TEXT NOT NULL DEFAULT '', -- licence_required | no_licence_required
    reply_recorded_by TEXT NULL REFERENCES users (id),
    reply_recorded_at TIMESTAMP NULL
);
CREATE INDEX authority_notifications_case ON authority_notifications (case_id, created_at);

-- +goose Down
DROP TABLE authority_notifications;
DROP TABLE assessment_editors;
DROP TABLE assessments;
