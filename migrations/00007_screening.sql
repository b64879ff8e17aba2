-- +goose Up
-- What an import changed against the version it replaced (JSON: added,
-- removed and changed entries with their names), for the administrator.
ALTER TABLE list_versions ADD COLUMN changes TEXT NOT NULL DEFAULT '{}';

-- One screening of a party: against which list versions, with which query
-- and algorithm, so that an auditor can replay it. The newest one of a party
-- is its current result.
CREATE TABLE screenings (
    id            TEXT PRIMARY KEY,
    party_id      TEXT NOT NULL REFERENCES parties (id),
    party_hash    TEXT NOT NULL, -- the party's screened fields: a change asks again
    query         TEXT NOT NULL, -- JSON: name, kind, country, identifiers
    list_versions TEXT NOT NULL, -- the active version ids, comma-separated
    algorithm     TEXT NOT NULL,
    threshold     REAL NOT NULL,
    hit_count     INTEGER NOT NULL,
    job_id        TEXT NULL,
    screened_by   TEXT NULL REFERENCES users (id),
    screened_at   TIMESTAMP NOT NULL
);
CREATE INDEX screenings_party ON screenings (party_id, screened_at);

CREATE TABLE screening_hits (
    id           TEXT PRIMARY KEY,
    screening_id TEXT NOT NULL REFERENCES screenings (id),
    party_id     TEXT NOT NULL REFERENCES parties (id),
    source       TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    version_id   TEXT NOT NULL REFERENCES list_versions (id),
    entry_hash   TEXT NOT NULL,
    entry_name   TEXT NOT NULL,
    entry_kind   TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    score        REAL NOT NULL,
    explanation  TEXT NOT NULL
);
CREATE INDEX screening_hits_screening ON screening_hits (screening_id);

-- A reviewer's decision on a hit. It holds for that party and list entry as
-- long as neither changes (both hashes); then the hit is asked again.
CREATE TABLE hit_decisions (
    id         TEXT PRIMARY KEY,
    party_id   TEXT NOT NULL REFERENCES parties (id),
    source     TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    entry_hash TEXT NOT NULL,
    party_hash TEXT NOT NULL,
    decision   TEXT NOT NULL, -- confirmed | false_positive
    reason     TEXT NOT NULL,
    hit_id     TEXT NOT NULL REFERENCES screening_hits (id),
    case_id    TEXT NULL REFERENCES cases (id),
    decided_by TEXT NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX hit_decisions_party ON hit_decisions (party_id, source, source_id, decided_at);

-- A re-screening of every known party after the lists changed, with its
-- progress for the administrator's page.
CREATE TABLE screening_jobs (
    id            TEXT PRIMARY KEY,
    list_versions TEXT NOT NULL,
    total         INTEGER NOT NULL,
    done          INTEGER NOT NULL,
    with_hits     INTEGER NOT NULL,
    new_hits      INTEGER NOT NULL,
    alarms        INTEGER NOT NULL,
    status        TEXT NOT NULL, -- running | done | failed
    error         TEXT NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NULL
);

-- +goose Down
DROP TABLE screening_jobs;
DROP TABLE hit_decisions;
DROP TABLE screening_hits;
DROP TABLE screenings;
ALTER TABLE list_versions DROP COLUMN changes;
