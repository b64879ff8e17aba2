-- +goose Up
-- ICP core element 5 (performance review, audits, reporting, corrective
-- actions): the programme's findings and their corrective actions.
-- One counter row per year hands out the finding references F-YYYY-NNNN,
-- gap-free (see case_counters).
CREATE TABLE finding_counters (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

-- A finding of the programme: from a self-assessment answer, an audit, or a
-- report of concern (source_ref: the answer's or the report's id, or the
-- auditor's own reference). element is the ICP core element, 0 for none.
CREATE TABLE findings (
    id           TEXT PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    element      INTEGER NOT NULL DEFAULT 0 CHECK (element BETWEEN 0 AND 7),
    severity     TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    source       TEXT NOT NULL CHECK (source IN ('self_assessment', 'audit', 'concern')),
    source_ref   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    closed_by    TEXT NULL REFERENCES users (id),
    closed_at    TIMESTAMP NULL,
    closing_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX findings_source ON findings (source, source_ref);

-- A corrective action of a finding. Closing takes two people: done_by
-- marked it done, closed_by signed it off, and the signer is neither the
-- one who marked it done nor its owner.
CREATE TABLE corrective_actions (
    id         TEXT PRIMARY KEY,
    finding_id TEXT NOT NULL REFERENCES findings (id),
    what       TEXT NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id),
    due_on     TIMESTAMP NOT NULL, -- midnight UTC of the day
    status     TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'closed')),
    done_by    TEXT NULL REFERENCES users (id),
    done_at    TIMESTAMP NULL,
    closed_by  TEXT NULL REFERENCES users (id),
    closed_at  TIMESTAMP NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (status <> 'closed' OR (done_by IS NOT NULL AND closed_by IS NOT NULL AND closed_by <> done_by AND closed_by <> owner_id))
);
CREATE INDEX corrective_actions_finding ON corrective_actions (finding_id);
CREATE INDEX corrective_actions_owner ON corrective_actions (owner_id, status, due_on);

-- An action's history: each step, with the evidence given (a note, a link,
-- a stored file by its SHA-256) and the reason of a return.
CREATE TABLE action_entries (
    id           TEXT PRIMARY KEY,
    action_id    TEXT NOT NULL REFERENCES corrective_actions (id),
    kind         TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    link         TEXT NOT NULL DEFAULT '',
    filename     TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size         BIGINT NOT NULL DEFAULT 0,
    sha256       TEXT NOT NULL DEFAULT '',
    author_id    TEXT NOT NULL REFERENCES users (id),
    at           TIMESTAMP NOT NULL
);
CREATE INDEX action_entries_action ON action_entries (action_id, at);

-- +goose Down
DROP TABLE action_entries;
DROP TABLE corrective_actions;
DROP TABLE findings;
DROP TABLE finding_counters;
