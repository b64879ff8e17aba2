-- +goose Up
-- Who the exporter is, as a notification to the competent authority names
-- it, and the authority it is addressed to. One row: the company running
-- this installation.
CREATE TABLE exporter_settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    eori              TEXT NOT NULL DEFAULT '',
    member_state      TEXT NOT NULL DEFAULT '',
    authority_name    TEXT NOT NULL DEFAULT '',
    authority_address TEXT NOT NULL DEFAULT '',
    updated_by        TEXT NULL REFERENCES users (id),
    updated_at        TIMESTAMP NULL
);
INSERT INTO exporter_settings (id) VALUES (1);

-- The Member States whose national legislation imposes an authorisation
-- requirement under Art. 5(3) of Regulation (EU) 2021/821 where the exporter
-- has grounds for suspecting the Art. 5(1) uses. None by default: a row is
-- an administrator's statement of the law, with its legal basis.
CREATE TABLE national_art5_rules (
    member_state TEXT PRIMARY KEY,
    legal_basis  TEXT NOT NULL,
    updated_by   TEXT NOT NULL REFERENCES users (id),
    updated_at   TIMESTAMP NOT NULL
);

-- Why an item not listed in Annex I is, or is not, a cyber-surveillance
-- item (Art. 2(20)): the answer is a judgement, recorded with its reason.
ALTER TABLE case_items ADD COLUMN cyber_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE case_items DROP COLUMN cyber_reason;
DROP TABLE national_art5_rules;
DROP TABLE exporter_settings;
