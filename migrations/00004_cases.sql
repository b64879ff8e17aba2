-- +goose Up
-- One row per year; the row lock of the upsert hands out reference numbers
-- that are unique and, because they roll back with a failed creation, gap-free.
CREATE TABLE case_counters (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    destination   TEXT NULL REFERENCES countries (code),
    end_user_type TEXT NOT NULL,
    end_use       TEXT NOT NULL,
    notes         TEXT NOT NULL,
    owner_id      TEXT NOT NULL REFERENCES users (id),
    status        TEXT NOT NULL,
    version       BIGINT NOT NULL,
    risk_level    TEXT NOT NULL,
    submitted_at  TIMESTAMP NULL,
    decided_at    TIMESTAMP NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX cases_status ON cases (status, updated_at);
CREATE INDEX cases_owner ON cases (owner_id, updated_at);
CREATE INDEX cases_destination ON cases (destination, updated_at);
CREATE INDEX cases_updated ON cases (updated_at);

-- A party (company, person, government body) is kept once and reused across cases.
CREATE TABLE parties (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    search_name         TEXT NOT NULL,
    kind                TEXT NOT NULL,
    country             TEXT NULL REFERENCES countries (code),
    address             TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    vat_number          TEXT NOT NULL,
    lei                 TEXT NOT NULL,
    passport_number     TEXT NOT NULL,
    created_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX parties_search_name ON parties (search_name);

CREATE TABLE case_parties (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases (id),
    party_id TEXT NOT NULL REFERENCES parties (id),
    role     TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES users (id),
    added_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, party_id, role)
);
CREATE INDEX case_parties_party ON case_parties (party_id);

-- Quantities in thousandths and values in minor units keep arithmetic exact.
CREATE TABLE case_items (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES cases (id),
    description        TEXT NOT NULL,
    quantity_milli     BIGINT NOT NULL,
    unit               TEXT NOT NULL,
    value_minor        BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    classification     TEXT NOT NULL,
    cyber_surveillance BOOLEAN NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX case_items_case ON case_items (case_id);

-- Attachments are never deleted; a newer one supersedes an older one.
CREATE TABLE case_attachments (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    kind          TEXT NOT NULL,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    uploaded_by   TEXT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL,
    superseded_by TEXT NULL REFERENCES case_attachments (id),
    superseded_at TIMESTAMP NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- A sign-off is bound to the SHA-256 of the case content when it was given:
-- any later change of content voids it.
CREATE TABLE case_signoffs (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL,
    decision     TEXT NOT NULL,
    comment      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    case_version BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX case_signoffs_case ON case_signoffs (case_id, created_at);

-- People who changed a case's content after it was first submitted: they may
-- not approve it.
CREATE TABLE case_editors (
    case_id TEXT NOT NULL REFERENCES cases (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);

-- +goose Down
DROP TABLE case_editors;
DROP TABLE case_signoffs;
DROP TABLE case_attachments;
DROP TABLE case_items;
DROP TABLE case_parties;
DROP TABLE parties;
DROP TABLE cases;
DROP TABLE case_counters;
