-- +goose Up
-- The EU dual-use control list (Annex I to Regulation (EU) 2021/821) as
-- dated versions: each import is a new version, nothing is overwritten, and
-- exactly one version is in use. Codes are written as Annex I writes them
-- ("5A001.j"); the category headings are entries "0" to "9".
CREATE TABLE control_list_versions (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    valid_from  TEXT NOT NULL,  -- YYYY-MM-DD; '' for the seed, whose sources differ in date
    imported_by TEXT NULL REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL,
    sha256      TEXT NOT NULL,  -- of the file imported; '' for the seed, which came from no file
    entry_count INTEGER NOT NULL,
    in_use      BOOLEAN NOT NULL
);
-- At most one version in use; imports swap it inside their transaction.
CREATE UNIQUE INDEX control_list_versions_in_use ON control_list_versions (in_use) WHERE in_use;

CREATE TABLE control_list_entries (
    version_id         TEXT NOT NULL REFERENCES control_list_versions (id),
    code               TEXT NOT NULL,
    title              TEXT NOT NULL,
    category           INTEGER NOT NULL,
    cyber_surveillance BOOLEAN NOT NULL,
    parent             TEXT NOT NULL DEFAULT '', -- the nearest entry above it in the same version; '' for none
    PRIMARY KEY (version_id, code)
);

-- The seed: not the full Annex I, only the category headings and the entries
-- checked against the legal texts. The wording quoted is from Annex I as
-- replaced by Delegated Regulation (EU) 2024/2547; the other entries are only
-- named by Annex II (consolidation of 26 May 2023), and their titles say no
-- more than that. cyber_surveillance marks the listed cyber-surveillance
-- entries (internal/hrdd CyberEntries) present here.
INSERT INTO control_list_versions (id, label, valid_from, imported_by, imported_at, sha256, entry_count, in_use)
VALUES ('00000000-0000-7000-8000-000000000018',
    'Seed: the entries checked against the legal texts, not the full Annex I', '', NULL, CURRENT_TIMESTAMP, '', 71, TRUE);

INSERT INTO control_list_entries (version_id, code, title, category, cyber_surveillance, parent) VALUES
    ('00000000-0000-7000-8000-000000000018', '0', 'Nuclear materials, facilities and equipment', 0, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '1', 'Special materials and related equipment', 1, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '2', 'Materials processing', 2, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '3', 'Electronics', 3, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '4', 'Computers', 4, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '5', 'Part 1 Telecommunications; Part 2 Information security', 5, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '6', 'Sensors and lasers', 6, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '7', 'Navigation and avionics', 7, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '8', 'Marine', 8, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '9', 'Aerospace and propulsion', 9, FALSE, ''),
    ('00000000-0000-7000-8000-000000000018', '5A001.f', 'Mobile telecommunications interception or jamming equipment, and monitoring equipment therefor, as follows, and specially designed components therefor:', 5, TRUE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A001.j', 'Internet Protocol (IP) network communications surveillance systems or equipment, and specially designed components therefor, having all of the following:', 5, TRUE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A004.b', 'Items, not specified in 4A005 or 5A004.a., designed to perform all of the following: 1. ''Extract raw data'' from a computing or communications device; and 2. Circumvent "authentication" or authorisation controls of the device, in order to perform the function described in 5A004.b.1.', 5, TRUE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5D001.e', '"Software", other than that specified in 5D001.a. or 5D001.c., specially designed or modified for monitoring or analysis for law enforcement purposes, providing all of the following: 1. Execution of searches on the basis of "hard selectors" of either the content of communication or metadata acquired from a communications service provider using a ''handover interface''; and 2. Mapping of the relational network or tracking the movement or location of targeted individuals …', 5, TRUE, '5D001'),
    ('00000000-0000-7000-8000-000000000018', '4A005', 'Systems, equipment, and components therefor, specially designed or modified for the generation, command and control, or delivery of "intrusion software".', 4, TRUE, '4'),
    ('00000000-0000-7000-8000-000000000018', '4D004', '"Software" specially designed or modified for the generation, command and control, or delivery of "intrusion software".', 4, TRUE, '4'),
    ('00000000-0000-7000-8000-000000000018', '4E001.c', '"Technology" for the "development" of "intrusion software".', 4, TRUE, '4'),
    ('00000000-0000-7000-8000-000000000018', '1A001', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1A003', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1A004', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C003.b', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C003.c', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C004', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C005', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C006', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C008', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C009', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '2B008', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 2, FALSE, '2'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.3', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.6', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.7', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.9', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.10', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.11', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A001.a.12', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A002.c', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A002.d', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A002.e', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3A002.f', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C001', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C002', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C003', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C004', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C005', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '3C006', 'Named in Annex II, Section B (EU002), among the items it covers. Annex I wording not held in this seed.', 3, FALSE, '3'),
    ('00000000-0000-7000-8000-000000000018', '5A001.b.2', 'Named in Annex II, Section E (EU005), among the items it covers, with specially designed components and accessories. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A001.c', 'Named in Annex II, Section E (EU005), among the items it covers, with specially designed components and accessories. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A001.d', 'Named in Annex II, Section E (EU005), among the items it covers, with specially designed components and accessories. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5B001', 'Named in Annex II, Section E (EU005), where it concerns test, inspection and production equipment and software for the items EU005 covers. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5D001', 'Named in Annex II, Section E (EU005), where it concerns test, inspection and production equipment and software for the items EU005 covers. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5E001.a', 'Named in Annex II, Section E (EU005): technology for the installation, operation, maintenance or repair of the items EU005 covers, for the same end-user. Annex I wording not held in this seed.', 5, TRUE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A002.a.2', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A002.a.3', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5A002.b', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5D002.a.1', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5D002.b', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5D002.c.1', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '5E002.b', 'Named in Annex II, Section H (EU008), among the items it covers, only as stated there. Delegated Regulation (EU) 2024/2547 rewrote 5A002; this reference was not checked against it. Annex I wording not held in this seed.', 5, FALSE, '5'),
    ('00000000-0000-7000-8000-000000000018', '0C001', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 0, FALSE, '0'),
    ('00000000-0000-7000-8000-000000000018', '0C002', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 0, FALSE, '0'),
    ('00000000-0000-7000-8000-000000000018', '0D001', 'Listed in Annex II, Section I as far as it relates to 0C001 or 0C002 (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 0, FALSE, '0'),
    ('00000000-0000-7000-8000-000000000018', '0E001', 'Listed in Annex II, Section I as far as it relates to 0C001 or 0C002 (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 0, FALSE, '0'),
    ('00000000-0000-7000-8000-000000000018', '1A102', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C351', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C353', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C354', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C450.a.1', 'Amiton. Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '1C450.a.2', 'PFIB. Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 1, FALSE, '1'),
    ('00000000-0000-7000-8000-000000000018', '7E104', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 7, FALSE, '7'),
    ('00000000-0000-7000-8000-000000000018', '9A009.a', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 9, FALSE, '9'),
    ('00000000-0000-7000-8000-000000000018', '9A117', 'Listed in Annex II, Section I (consolidation of 26 May 2023): excluded from EU001, EU003, EU004, EU007 and from national general export authorisations (Art. 12(6)(a)). Annex I wording not held in this seed.', 9, FALSE, '9');

-- +goose Down
DROP TABLE control_list_entries;
DROP TABLE control_list_versions;
