-- +goose Up
-- ICP core elements 1 and 2 of Recommendation (EU) 2019/1318: the
-- management's commitment statement, in signed versions that everyone
-- acknowledges, and who holds each compliance responsibility when.

-- Each published version of the commitment statement; the newest is
-- current. Publishing signs it: the signer, the time and the SHA-256 of
-- the text are kept with it, and a version is never changed.
CREATE TABLE commitment_versions (
    version   INTEGER PRIMARY KEY,
    body      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    signed_by TEXT NOT NULL REFERENCES users (id),
    signed_at TIMESTAMP NOT NULL
);

-- Who acknowledged which version, when: once per person and version.
CREATE TABLE commitment_acknowledgements (
    version         INTEGER NOT NULL REFERENCES commitment_versions (version),
    user_id         TEXT NOT NULL REFERENCES users (id),
    acknowledged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (version, user_id)
);

-- Who holds a compliance responsibility, from a day to a day (to_on NULL:
-- open-ended; both days included), with how to reach them.
CREATE TABLE responsibility_holdings (
    id             TEXT PRIMARY KEY,
    responsibility TEXT NOT NULL, -- export_control_officer | deputy_export_control_officer | board_member | management_sponsor
    user_id        TEXT NOT NULL REFERENCES users (id),
    from_on        TIMESTAMP NOT NULL, -- midnight UTC of the day
    to_on          TIMESTAMP NULL,
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL REFERENCES users (id),
    recorded_at    TIMESTAMP NOT NULL,
    ended_by       TEXT NULL REFERENCES users (id),
    ended_at       TIMESTAMP NULL,
    CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE INDEX responsibility_holdings_period ON responsibility_holdings (responsibility, from_on);

-- A course may show the current holders of the responsibilities on its
-- page (the ICP manual course does in the demonstration).
ALTER TABLE courses ADD COLUMN shows_organisation BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE courses DROP COLUMN shows_organisation;
DROP TABLE responsibility_holdings;
DROP TABLE commitment_acknowledgements;
DROP TABLE commitment_versions;
