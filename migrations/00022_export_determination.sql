-- +goose Up
-- What the licence determination of a case needs beyond its items and
-- destination, and what follows an approval: the Art. 4 answers and the
-- authority's decision on a notification, the facts a general authorisation
-- turns on, the licence applications, and the shipments that draw licences
-- down. Every change of these is also an audit event on the case.

-- The Art. 4(1) questions of Regulation (EU) 2021/821, one row per answer
-- given; the newest per question counts, the older ones are the record.
CREATE TABLE case_art4_answers (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    question    TEXT NOT NULL CHECK (question IN ('wmd', 'military_embargo', 'military_parts')),
    answer      TEXT NOT NULL CHECK (answer IN ('no', 'aware', 'informed')),
    note        TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL REFERENCES users (id),
    answered_at TIMESTAMP NOT NULL
);
CREATE INDEX case_art4_answers_case ON case_art4_answers (case_id, answered_at);

-- After an "aware" answer the company notifies the authority and waits for
-- its decision. One row per notification; decision '' while it is awaited.
CREATE TABLE case_art4_notifications (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    sent_on     DATE NOT NULL,
    sent_by     TEXT NOT NULL REFERENCES users (id),
    decision    TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'licence_required', 'no_licence_required')),
    reference   TEXT NOT NULL DEFAULT '',
    decided_on  DATE NULL,
    recorded_by TEXT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_art4_notifications_case ON case_art4_notifications (case_id, recorded_at);

-- The facts a general authorisation's scope turns on (licensing.Fact), as
-- answered for a case; the newest answer per fact counts.
CREATE TABLE case_export_facts (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    fact        TEXT NOT NULL,
    answer      BOOLEAN NOT NULL,
    answered_by TEXT NOT NULL REFERENCES users (id),
    answered_at TIMESTAMP NOT NULL
);
CREATE INDEX case_export_facts_case ON case_export_facts (case_id, answered_at);

-- A licence applied for where the determination found none: its outcome
-- is recorded when the authority decides; a granted licence is then
-- recorded under /licences and named here.
CREATE TABLE licence_applications (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    authority   TEXT NOT NULL,
    reference   TEXT NOT NULL,
    applied_on  DATE NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'granted', 'refused')),
    licence_id  TEXT NULL REFERENCES licences (id),
    decided_on  DATE NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX licence_applications_case ON licence_applications (case_id, applied_on);

-- A shipment of an approved case: the day of export and the customs
-- declaration (MRN), with what left per item. The first shipment's date is
-- the export date record retention (Art. 27(3)) counts from.
CREATE TABLE shipments (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    exported_on DATE NOT NULL,
    mrn         TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX shipments_case ON shipments (case_id, exported_on);

CREATE TABLE shipment_lines (
    shipment_id    TEXT NOT NULL REFERENCES shipments (id),
    item_id        TEXT NOT NULL REFERENCES case_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    value_minor    BIGINT NOT NULL CHECK (value_minor >= 0),
    licence_id     TEXT NULL REFERENCES licences (id), -- the licence drawn down, if any
    PRIMARY KEY (shipment_id, item_id)
);
CREATE INDEX shipment_lines_item ON shipment_lines (item_id);

-- +goose Down
DROP TABLE shipment_lines;
DROP TABLE shipments;
DROP TABLE licence_applications;
DROP TABLE case_export_facts;
DROP TABLE case_art4_notifications;
DROP TABLE case_art4_answers;
