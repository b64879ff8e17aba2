-- +goose Up
-- Reports of concern: the programme's whistle-blowing channel. An anonymous
-- report names nobody: no reporter, only the SHA-256 of the receipt code
-- with which its reporter follows it. A named report is its reporter's.
CREATE TABLE concern_reports (
    id                   TEXT PRIMARY KEY,
    reference            TEXT NOT NULL UNIQUE,
    subject              TEXT NOT NULL,
    body                 TEXT NOT NULL,
    case_reference       TEXT NOT NULL DEFAULT '',
    anonymous            BOOLEAN NOT NULL,
    reporter_id          TEXT NULL REFERENCES users (id),
    receipt_hash         TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL CHECK (status IN ('received', 'acknowledged', 'investigating', 'closed')),
    outcome              TEXT NOT NULL DEFAULT '',
    disclosed_on         TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD; '' while none is recorded
    disclosure_reference TEXT NOT NULL DEFAULT '',
    received_at          TIMESTAMP NOT NULL,
    CHECK ((anonymous AND reporter_id IS NULL AND receipt_hash <> '') OR (NOT anonymous AND reporter_id IS NOT NULL))
);
CREATE INDEX concern_reports_reporter ON concern_reports (reporter_id, received_at);

-- A report's history: its receipt, every triage step, the disclosure, and
-- the messages between the officers and the reporter. author_id is NULL for
-- what an anonymous reporter wrote.
CREATE TABLE concern_entries (
    id        TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES concern_reports (id),
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT '',
    author_id TEXT NULL REFERENCES users (id),
    at        TIMESTAMP NOT NULL
);
CREATE INDEX concern_entries_report ON concern_entries (report_id, at);

-- +goose Down
DROP TABLE concern_entries;
DROP TABLE concern_reports;
