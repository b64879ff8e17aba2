-- +goose Up
-- Training courses (ICP element 3). The course row holds what may change
-- without asking anyone to attest again (recurrence, owner) and points at
-- its current version; each version keeps the content people attested to.
CREATE TABLE courses (
    id                TEXT PRIMARY KEY,
    version           INTEGER NOT NULL,
    recurrence_months INTEGER NOT NULL, -- 0: taken once
    owner_id          TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE course_versions (
    course_id             TEXT NOT NULL REFERENCES courses (id),
    version               INTEGER NOT NULL,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL, -- Markdown
    material_sha256       TEXT NOT NULL DEFAULT '',
    material_filename     TEXT NOT NULL DEFAULT '',
    material_content_type TEXT NOT NULL DEFAULT '',
    material_size         BIGINT NOT NULL DEFAULT 0,
    created_by            TEXT NOT NULL REFERENCES users (id),
    created_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (course_id, version)
);

-- The checklist of each version; ticks point at these rows.
CREATE TABLE course_items (
    id        TEXT PRIMARY KEY,
    course_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    FOREIGN KEY (course_id, version) REFERENCES course_versions (course_id, version)
);
CREATE INDEX course_items_version ON course_items (course_id, version, position);

-- The roles for which a course is mandatory.
CREATE TABLE course_roles (
    course_id TEXT NOT NULL REFERENCES courses (id),
    role      TEXT NOT NULL,
    PRIMARY KEY (course_id, role)
);

-- Who must take which version of a course, and by when. An assignment is
-- never deleted: a new version or a lapsed completion supersedes it with a
-- new one. superseded_by has no foreign key because the old row is marked
-- before the new one exists (the unique index allows one current row).
CREATE TABLE assignments (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    course_id      TEXT NOT NULL REFERENCES courses (id),
    course_version INTEGER NOT NULL,
    source         TEXT NOT NULL, -- role | manual
    assigned_by    TEXT NULL REFERENCES users (id), -- NULL: assigned automatically
    assigned_at    TIMESTAMP NOT NULL,
    due_on         TIMESTAMP NOT NULL, -- midnight UTC of the due day
    superseded_by  TEXT NULL
);
CREATE UNIQUE INDEX assignments_current ON assignments (user_id, course_id) WHERE superseded_by IS NULL;
CREATE INDEX assignments_course ON assignments (course_id);

CREATE TABLE item_ticks (
    assignment_id TEXT NOT NULL REFERENCES assignments (id),
    item_id       TEXT NOT NULL REFERENCES course_items (id),
    ticked_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (assignment_id, item_id)
);

-- A completion is the attestation, with the checklist as it was attested.
-- Its expiry is not stored: it follows from completed_at and the course's
-- recurrence.
CREATE TABLE completions (
    id             TEXT PRIMARY KEY,
    assignment_id  TEXT NOT NULL UNIQUE REFERENCES assignments (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    course_id      TEXT NOT NULL REFERENCES courses (id),
    course_version INTEGER NOT NULL,
    attested_name  TEXT NOT NULL,
    items          TEXT NOT NULL, -- JSON array of the item texts
    completed_at   TIMESTAMP NOT NULL
);
CREATE INDEX completions_user ON completions (user_id);

-- +goose Down
DROP TABLE completions;
DROP TABLE item_ticks;
DROP TABLE assignments;
DROP TABLE course_roles;
DROP TABLE course_items;
DROP TABLE course_versions;
DROP TABLE courses;
