-- +goose Up
-- Each import of an official list file is a new version; nothing is
-- overwritten, and one version per source is active.
CREATE TABLE list_versions (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    files       TEXT NOT NULL, -- JSON: [{"name", "sha256", "size"}]
    entry_count INTEGER NOT NULL,
    stats       TEXT NOT NULL, -- JSON: what the parser counted (aliases, skipped rows ...)
    active      BOOLEAN NOT NULL,
    imported_by TEXT NULL REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX list_versions_source ON list_versions (source, imported_at);

-- An entry as its list gave it (JSON), with the SHA-256 of that JSON so that
-- a changed entry is seen between versions.
CREATE TABLE list_entries (
    version_id TEXT NOT NULL REFERENCES list_versions (id),
    source_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (version_id, source_id)
);

-- +goose Down
DROP TABLE list_entries;
DROP TABLE list_versions;
