-- +goose Up
-- The Union general export authorisations of Annex II of Regulation (EU)
-- 2021/821, as reference data. Every fact comes from the 2023-05-26
-- consolidation (CONS-2023-05) and carries its confidence: later changes to
-- Annex I or II (a 2025 delegated act, say) were not checked.
CREATE TABLE geas (
    code              TEXT PRIMARY KEY,            -- EU001 … EU008
    title             TEXT NOT NULL,               -- quoted from Annex II
    section           TEXT NOT NULL,               -- where Annex II sets it out
    -- TRUE: gea_destinations lists the destinations excluded, and every
    -- other destination is covered (EU008).
    all_except        BOOLEAN NOT NULL DEFAULT FALSE,
    -- A GEA whose destinations this one excludes as well (EU008 (a): EU001).
    except_gea        TEXT NOT NULL DEFAULT '',
    -- EU008 (c): any other destination subject to an arms embargo or to
    -- restrictive measures of the Union applicable to dual-use items is
    -- excluded; the determination answers it from the country reference data.
    embargo_clause    BOOLEAN NOT NULL DEFAULT FALSE,
    -- Annex II Section I is excluded from the GEA's scope.
    excludes_section_i BOOLEAN NOT NULL DEFAULT FALSE,
    -- The facts (see licensing.Fact) that must be known and true for the GEA
    -- to cover an export, space-separated.
    requires          TEXT NOT NULL DEFAULT '',
    scope             TEXT NOT NULL,               -- what it covers, in words
    conditions        TEXT NOT NULL,               -- conditions and duties, in words
    registration      BOOLEAN NOT NULL DEFAULT FALSE, -- register before first use
    first_use_days    INTEGER NOT NULL,            -- days for the first-use notification
    first_use_before  BOOLEAN NOT NULL DEFAULT FALSE, -- TRUE: days before the first export; FALSE: after it
    reporting         TEXT NOT NULL DEFAULT '',
    icp_required      BOOLEAN NOT NULL DEFAULT FALSE,
    confidence        TEXT NOT NULL,               -- confirmed | likely | unconfirmed
    note              TEXT NOT NULL DEFAULT ''     -- what was not checked
);

CREATE TABLE gea_destinations (
    gea_code     TEXT NOT NULL REFERENCES geas (code),
    country_code TEXT NOT NULL REFERENCES countries (code),
    PRIMARY KEY (gea_code, country_code)
);

-- The items lists of Annex II. gea_code SECTION_I is Annex II Section I,
-- which Sections A, C, D and G exclude. A row names an Annex I entry (and
-- covers its sub-entries), or with entry_code '' every entry of item_type
-- (D software, E technology). with_entries: the row counts only for
-- software, technology or equipment for items of those entries. fact: a
-- covered row covers only when the fact is true; an excluded row excludes
-- unless it is.
CREATE TABLE gea_entries (
    gea_code     TEXT NOT NULL,
    kind         TEXT NOT NULL, -- covered | excluded
    position     INTEGER NOT NULL,
    entry_code   TEXT NOT NULL DEFAULT '',
    item_type    TEXT NOT NULL DEFAULT '',
    with_entries TEXT NOT NULL DEFAULT '',
    fact         TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (gea_code, kind, position)
);

INSERT INTO geas (code, title, section, all_except, except_gea, embargo_clause, excludes_section_i, requires, scope, conditions,
                  registration, first_use_days, first_use_before, reporting, icp_required, confidence, note) VALUES
('EU001', 'Exports to Australia, Canada, Iceland, Japan, New Zealand, Norway, Switzerland, including Liechtenstein, the United Kingdom and the United States',
 'Annex II Section A', FALSE, '', FALSE, TRUE, '',
 'All dual-use items specified in any entry in Annex I, except those listed in Section I of Annex II.',
 'The United Kingdom is covered subject to the Northern Ireland Protocol proviso.',
 FALSE, 30, FALSE, '', FALSE, 'confirmed',
 'Some secondary sources list EU001 without Iceland; they are out of date.'),
('EU002', 'Exports of certain dual-use items to certain destinations',
 'Annex II Section B', FALSE, '', FALSE, FALSE, '',
 'The Annex I entries listed in Section B only.', '',
 FALSE, 30, FALSE, '', FALSE, 'confirmed', ''),
('EU003', 'Export after repair/replacement',
 'Annex II Section C', FALSE, '', FALSE, TRUE, 'repair_return original_end_user',
 'Items re-imported for maintenance, repair or replacement and re-exported to the country of consignment within 5 years of the original authorisation.',
 'Valid only for exports to the original end-user.',
 FALSE, 30, FALSE, '', FALSE, 'confirmed', 'Destinations as in the 2023-05 text; Russia is not in this version. Annex II says "French overseas territories"; Vigil counts PF, NC, WF, PM, BL and TF as such: its reading, not the Annex''s words.'),
('EU004', 'Temporary export for exhibition or fair',
 'Annex II Section D', FALSE, '', FALSE, TRUE, 'exhibition',
 'Items exported temporarily for an exhibition or fair: "commercial events of a specific duration at which several exhibitors make demonstrations of their products to trade visitors or to the general public".',
 'The items must be re-imported within 120 days, complete and without modification.',
 FALSE, 30, FALSE, '', FALSE, 'confirmed', 'Annex II says "French overseas territories"; Vigil counts PF, NC, WF, PM, BL and TF as such: its reading, not the Annex''s words.'),
('EU005', 'Telecommunications',
 'Annex II Section E', FALSE, '', FALSE, FALSE, 'no_repression_use',
 'The telecommunications entries listed in Section E only.',
 'Not for use "in connection with a violation of human rights, democratic principles or the freedom of expression … by using interception technologies and digital data transfer devices for monitoring mobile phones and text messages and targeted surveillance of Internet use (e.g. via Monitoring Centres and Lawful Interception Gateways)". Not usable if the exporter knows of re-export outside the EU005 and EU001 destinations or the Member States.',
 FALSE, 30, FALSE, '', FALSE, 'confirmed', ''),
('EU006', 'Chemicals',
 'Annex II Section F', FALSE, '', FALSE, FALSE, '',
 'The chemicals listed in Section F only.', '',
 FALSE, 30, FALSE, '', FALSE, 'confirmed',
 'Section F lists numbered 1C350 chemicals 1–65 with some numbers missing (e.g. 4, 23, 29); the full list of numbers was not copied here.'),
('EU007', 'Intra-group export of software and technology',
 'Annex II Section G', FALSE, '', FALSE, TRUE, 'intra_group product_development icp',
 'All technology and software specified in Annex I, except those listed in Section I of Annex II and technology and software related to items under 4A005, 4D004, 4E001.c, 5A001.f and 5A001.j.',
 'Only exports to a wholly owned subsidiary or sister company. The parent company and the ultimate controller must be in a Member State or an EU001 country, and the parent must give a binding guarantee. Use only for commercial product development. The software and technology must be returned and deleted. Not for military, paramilitary, police, intelligence, surveillance or other government security end-use. "The exporter intending to use this authorisation shall implement an Internal Compliance Programme." Acknowledgement of the registration within 10 working days.',
 TRUE, 30, TRUE, 'At least once a year.', TRUE, 'confirmed', ''),
('EU008', 'Encryption',
 'Annex II Section H', TRUE, 'EU001', TRUE, FALSE, 'eu008_crypto',
 'The encryption entries listed in Section H only.',
 'Only published or commercial cryptographic standards; no standards made for government use (e.g. "TETRA, TETRAPOL and P25"); the cryptographic functionality "cannot be easily changed by the user". Not usable if the item is accredited at or above "RESTREINT UE/EU RESTRICTED".',
 TRUE, 10, TRUE, '', FALSE, 'confirmed',
 'The 5A002 structure was rewritten in Delegated Regulation (EU) 2024/2547; whether the EU008 cross-references were updated was not checked.');

INSERT INTO gea_destinations (gea_code, country_code) VALUES
('EU001', 'AU'), ('EU001', 'CA'), ('EU001', 'IS'), ('EU001', 'JP'), ('EU001', 'NZ'), ('EU001', 'NO'), ('EU001', 'CH'),
('EU001', 'LI'), ('EU001', 'GB'), ('EU001', 'US'),
('EU002', 'AR'), ('EU002', 'ZA'), ('EU002', 'KR'), ('EU002', 'TR'),
('EU005', 'AR'), ('EU005', 'CN'), ('EU005', 'HK'), ('EU005', 'MO'), ('EU005', 'IN'), ('EU005', 'ZA'), ('EU005', 'KR'),
('EU005', 'TR'), ('EU005', 'UA'),
('EU006', 'AR'), ('EU006', 'KR'), ('EU006', 'TR'), ('EU006', 'UA'),
('EU007', 'AR'), ('EU007', 'BR'), ('EU007', 'CL'), ('EU007', 'IN'), ('EU007', 'ID'), ('EU007', 'IL'), ('EU007', 'JO'),
('EU007', 'MY'), ('EU007', 'MX'), ('EU007', 'MA'), ('EU007', 'PH'), ('EU007', 'SG'), ('EU007', 'ZA'), ('EU007', 'KR'),
('EU007', 'TH'), ('EU007', 'TN'),
-- EU008 (b): the destinations excluded.
('EU008', 'AF'), ('EU008', 'AM'), ('EU008', 'AZ'), ('EU008', 'BY'), ('EU008', 'KH'), ('EU008', 'CF'), ('EU008', 'CN'),
('EU008', 'HK'), ('EU008', 'MO'), ('EU008', 'CG'), ('EU008', 'CD'), ('EU008', 'EG'), ('EU008', 'ER'), ('EU008', 'GE'),
('EU008', 'IR'), ('EU008', 'IQ'), ('EU008', 'IL'), ('EU008', 'KZ'), ('EU008', 'KG'), ('EU008', 'LB'), ('EU008', 'LY'),
('EU008', 'MY'), ('EU008', 'ML'), ('EU008', 'MU'), ('EU008', 'MN'), ('EU008', 'MM'), ('EU008', 'KP'), ('EU008', 'OM'),
('EU008', 'PK'), ('EU008', 'QA'), ('EU008', 'RU'), ('EU008', 'SA'), ('EU008', 'SO'), ('EU008', 'SS'), ('EU008', 'SD'),
('EU008', 'SY'), ('EU008', 'TJ'), ('EU008', 'TM'), ('EU008', 'AE'), ('EU008', 'UZ'), ('EU008', 'VE'), ('EU008', 'YE'),
('EU008', 'ZW');

-- EU003 and EU004 share 21 destinations. Annex II says "French overseas
-- territories"; the ISO codes standing for them here (PF, NC, WF, PM, BL,
-- TF) are this table's reading, not Annex II's words.
INSERT INTO gea_destinations (gea_code, country_code)
SELECT g.code, c.code FROM geas g, countries c
WHERE g.code IN ('EU003', 'EU004') AND c.code IN ('AL', 'AR', 'BA', 'BR', 'CL', 'CN', 'HK', 'MO', 'PF', 'NC', 'WF', 'PM', 'BL', 'TF',
      'IN', 'KZ', 'MX', 'ME', 'MA', 'MK', 'RS', 'SG', 'ZA', 'KR', 'TN', 'TR', 'UA', 'AE');

INSERT INTO gea_entries (gea_code, kind, position, entry_code, item_type, with_entries, fact, note) VALUES
('SECTION_I', 'excluded', 1, '', '', '', 'outside_annex_iv', 'All Annex IV items'),
('SECTION_I', 'excluded', 2, '0C001', '', '', '', ''),
('SECTION_I', 'excluded', 3, '0C002', '', '', '', 'except Annex IV items'),
('SECTION_I', 'excluded', 4, '0D001', '', '0C001 0C002', '', 'as far as it relates to 0C001 or 0C002'),
('SECTION_I', 'excluded', 5, '0E001', '', '0C001 0C002', '', 'as far as it relates to 0C001 or 0C002'),
('SECTION_I', 'excluded', 6, '1A102', '', '', '', ''),
('SECTION_I', 'excluded', 7, '1C351', '', '', '', ''),
('SECTION_I', 'excluded', 8, '1C353', '', '', '', ''),
('SECTION_I', 'excluded', 9, '1C354', '', '', '', ''),
('SECTION_I', 'excluded', 10, '1C450.a.1', '', '', '', 'Amiton'),
('SECTION_I', 'excluded', 11, '1C450.a.2', '', '', '', 'PFIB'),
('SECTION_I', 'excluded', 12, '7E104', '', '', '', ''),
('SECTION_I', 'excluded', 13, '9A009.a', '', '', '', ''),
('SECTION_I', 'excluded', 14, '9A117', '', '', '', 'as of 2023-05; may have changed with later Annex I updates'),

('EU002', 'covered', 1, '1A001', '', '', '', ''), ('EU002', 'covered', 2, '1A003', '', '', '', ''),
('EU002', 'covered', 3, '1A004', '', '', '', ''), ('EU002', 'covered', 4, '1C003.b', '', '', '', ''),
('EU002', 'covered', 5, '1C003.c', '', '', '', ''), ('EU002', 'covered', 6, '1C004', '', '', '', ''),
('EU002', 'covered', 7, '1C005', '', '', '', ''), ('EU002', 'covered', 8, '1C006', '', '', '', ''),
('EU002', 'covered', 9, '1C008', '', '', '', ''), ('EU002', 'covered', 10, '1C009', '', '', '', ''),
('EU002', 'covered', 11, '2B008', '', '', '', ''), ('EU002', 'covered', 12, '3A001.a.3', '', '', '', ''),
('EU002', 'covered', 13, '3A001.a.6', '', '', '', ''), ('EU002', 'covered', 14, '3A001.a.7', '', '', '', ''),
('EU002', 'covered', 15, '3A001.a.9', '', '', '', ''), ('EU002', 'covered', 16, '3A001.a.10', '', '', '', ''),
('EU002', 'covered', 17, '3A001.a.11', '', '', '', ''), ('EU002', 'covered', 18, '3A001.a.12', '', '', '', ''),
('EU002', 'covered', 19, '3A002.c', '', '', '', ''), ('EU002', 'covered', 20, '3A002.d', '', '', '', ''),
('EU002', 'covered', 21, '3A002.e', '', '', '', ''), ('EU002', 'covered', 22, '3A002.f', '', '', '', ''),
('EU002', 'covered', 23, '3C001', '', '', '', ''), ('EU002', 'covered', 24, '3C002', '', '', '', ''),
('EU002', 'covered', 25, '3C003', '', '', '', ''), ('EU002', 'covered', 26, '3C004', '', '', '', ''),
('EU002', 'covered', 27, '3C005', '', '', '', ''), ('EU002', 'covered', 28, '3C006', '', '', '', ''),

('EU003', 'excluded', 1, '', 'D', '', '', 'all Section D items (software)'),
('EU003', 'excluded', 2, '', 'E', '', '', 'all Section E items (technology)'),
('EU003', 'excluded', 3, '1A002.a', '', '', '', ''), ('EU003', 'excluded', 4, '1C012.a', '', '', '', ''),
('EU003', 'excluded', 5, '1C227', '', '', '', ''), ('EU003', 'excluded', 6, '1C228', '', '', '', ''),
('EU003', 'excluded', 7, '1C229', '', '', '', ''), ('EU003', 'excluded', 8, '1C230', '', '', '', ''),
('EU003', 'excluded', 9, '1C231', '', '', '', ''), ('EU003', 'excluded', 10, '1C236', '', '', '', ''),
('EU003', 'excluded', 11, '1C237', '', '', '', ''), ('EU003', 'excluded', 12, '1C240', '', '', '', ''),
('EU003', 'excluded', 13, '1C350', '', '', '', ''), ('EU003', 'excluded', 14, '1C450', '', '', '', ''),
('EU003', 'excluded', 15, '5A001.b.5', '', '', '', ''), ('EU003', 'excluded', 16, '5A002.c', '', '', '', ''),
('EU003', 'excluded', 17, '5A002.d', '', '', '', ''), ('EU003', 'excluded', 18, '5A002.e', '', '', '', ''),
('EU003', 'excluded', 19, '5A003.a', '', '', '', ''), ('EU003', 'excluded', 20, '5A003.b', '', '', '', ''),
('EU003', 'excluded', 21, '6A001.a.2.a.1', '', '', '', ''), ('EU003', 'excluded', 22, '6A001.a.2.a.5', '', '', '', ''),
('EU003', 'excluded', 23, '6A002.a.1.c', '', '', '', ''), ('EU003', 'excluded', 24, '8A001.b', '', '', '', ''),
('EU003', 'excluded', 25, '8A001.c.1', '', '', '', ''), ('EU003', 'excluded', 26, '9A011', '', '', '', ''),

('EU004', 'excluded', 1, '', 'D', '', 'demo_software', 'Section D items, except software needed for the demonstration'),
('EU004', 'excluded', 2, '', 'E', '', '', 'all Section E items (technology)'),
('EU004', 'excluded', 3, '1A002.a', '', '', '', ''), ('EU004', 'excluded', 4, '1C002.b.4', '', '', '', ''),
('EU004', 'excluded', 5, '1C010', '', '', '', ''), ('EU004', 'excluded', 6, '1C012.a', '', '', '', ''),
('EU004', 'excluded', 7, '1C227', '', '', '', ''), ('EU004', 'excluded', 8, '1C228', '', '', '', ''),
('EU004', 'excluded', 9, '1C229', '', '', '', ''), ('EU004', 'excluded', 10, '1C230', '', '', '', ''),
('EU004', 'excluded', 11, '1C231', '', '', '', ''), ('EU004', 'excluded', 12, '1C236', '', '', '', ''),
('EU004', 'excluded', 13, '1C237', '', '', '', ''), ('EU004', 'excluded', 14, '1C240', '', '', '', ''),
('EU004', 'excluded', 15, '1C350', '', '', '', ''), ('EU004', 'excluded', 16, '1C450', '', '', '', ''),
('EU004', 'excluded', 17, '5A001.b.5', '', '', '', ''), ('EU004', 'excluded', 18, '5A002.c', '', '', '', ''),
('EU004', 'excluded', 19, '5A002.d', '', '', '', ''), ('EU004', 'excluded', 20, '5A002.e', '', '', '', ''),
('EU004', 'excluded', 21, '5A003.a', '', '', '', ''), ('EU004', 'excluded', 22, '5A003.b', '', '', '', ''),
('EU004', 'excluded', 23, '6A001', '', '', '', ''), ('EU004', 'excluded', 24, '6A002.a', '', '', '', ''),
('EU004', 'excluded', 25, '8A001.b', '', '', '', ''), ('EU004', 'excluded', 26, '8A001.c.1', '', '', '', ''),
('EU004', 'excluded', 27, '9A011', '', '', '', ''),

('EU005', 'covered', 1, '5A001.b.2', '', '', '', 'with specially designed components and accessories'),
('EU005', 'covered', 2, '5A001.c', '', '', '', 'with specially designed components and accessories'),
('EU005', 'covered', 3, '5A001.d', '', '', '', 'with specially designed components and accessories'),
('EU005', 'covered', 4, '5B001', '', '5A001.b.2 5A001.c 5A001.d', '', 'test, inspection and production equipment for those items'),
('EU005', 'covered', 5, '5D001', '', '5A001.b.2 5A001.c 5A001.d', '', 'software for those items'),
('EU005', 'covered', 6, '5E001.a', '', '5A001.b.2 5A001.c 5A001.d', '', 'technology for installation, operation, maintenance or repair, for the same end-user'),

('EU006', 'covered', 1, '1C350', '', '', 'section_f_chemical', 'the numbered chemicals Section F lists'),
('EU006', 'covered', 2, '1C450.a.4', '', '', '', 'phosgene'),
('EU006', 'covered', 3, '1C450.a.5', '', '', '', 'cyanogen chloride'),
('EU006', 'covered', 4, '1C450.a.6', '', '', '', 'hydrogen cyanide'),
('EU006', 'covered', 5, '1C450.a.7', '', '', '', 'chloropicrin'),
('EU006', 'covered', 6, '1C450.b.1', '', '', '', ''), ('EU006', 'covered', 7, '1C450.b.2', '', '', '', ''),
('EU006', 'covered', 8, '1C450.b.3', '', '', '', ''), ('EU006', 'covered', 9, '1C450.b.4', '', '', '', ''),
('EU006', 'covered', 10, '1C450.b.5', '', '', '', ''), ('EU006', 'covered', 11, '1C450.b.6', '', '', '', ''),
('EU006', 'covered', 12, '1C450.b.8', '', '', '', ''),

('EU007', 'covered', 1, '', 'D', '', '', 'software'),
('EU007', 'covered', 2, '', 'E', '', '', 'technology'),
('EU007', 'excluded', 1, '4D004', '', '', '', ''),
('EU007', 'excluded', 2, '4E001.c', '', '', '', ''),
('EU007', 'excluded', 3, '', 'D', '4A005 4D004 4E001.c 5A001.f 5A001.j', '', 'software related to items under 4A005, 4D004, 4E001.c, 5A001.f and 5A001.j'),
('EU007', 'excluded', 4, '', 'E', '4A005 4D004 4E001.c 5A001.f 5A001.j', '', 'technology related to items under 4A005, 4D004, 4E001.c, 5A001.f and 5A001.j'),

('EU008', 'covered', 1, '5A002.a.2', '', '', '', ''),
('EU008', 'covered', 2, '5A002.a.3', '', '', '', ''),
('EU008', 'covered', 3, '5A002.b', '', '', '', 'only the stated ''cryptographic activation token'''),
('EU008', 'covered', 4, '5D002.a.1', '', '', '', 'only as stated'),
('EU008', 'covered', 5, '5D002.b', '', '', '', ''),
('EU008', 'covered', 6, '5D002.c.1', '', '', '', 'only as stated'),
('EU008', 'covered', 7, '5E002.b', '', '', '', 'only as stated');

-- The company's registrations for a GEA with the competent authority. The
-- newest one counts; earlier ones stay as the record of corrections.
CREATE TABLE gea_registrations (
    id            TEXT PRIMARY KEY,
    gea_code      TEXT NOT NULL REFERENCES geas (code),
    registered_on TIMESTAMP NOT NULL,
    authority     TEXT NOT NULL,
    reference     TEXT NOT NULL,
    recorded_by   TEXT NOT NULL REFERENCES users (id),
    recorded_at   TIMESTAMP NOT NULL
);
CREATE INDEX gea_registrations_gea ON gea_registrations (gea_code, recorded_at);

-- The company's licences. The limits are optional; reserved and drawn only
-- ever change by conditional updates that keep them within the limit (see
-- licensing.Reserve), so concurrent approvals cannot over-use a licence.
CREATE TABLE licences (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL, -- individual | global | large_project | national_general
    number         TEXT NOT NULL,
    authority      TEXT NOT NULL,
    valid_from     TIMESTAMP NOT NULL,
    valid_until    TIMESTAMP NOT NULL, -- midnight UTC of the last valid day
    destinations   TEXT NOT NULL DEFAULT '', -- ISO codes, space-separated; '' none named
    end_users      TEXT NOT NULL DEFAULT '', -- names, one a line
    products       TEXT NOT NULL DEFAULT '', -- names, one a line
    entry_codes    TEXT NOT NULL DEFAULT '', -- Annex I entry codes, space-separated
    limit_minor    BIGINT NULL,
    currency       TEXT NOT NULL DEFAULT '',
    limit_milli    BIGINT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    reserved_minor BIGINT NOT NULL DEFAULT 0,
    drawn_minor    BIGINT NOT NULL DEFAULT 0,
    reserved_milli BIGINT NOT NULL DEFAULT 0,
    drawn_milli    BIGINT NOT NULL DEFAULT 0,
    doc_sha256       TEXT NOT NULL,
    doc_filename     TEXT NOT NULL,
    doc_content_type TEXT NOT NULL,
    doc_size         BIGINT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    CHECK (reserved_minor >= 0 AND drawn_minor >= 0 AND reserved_milli >= 0 AND drawn_milli >= 0),
    CHECK (limit_minor IS NULL OR reserved_minor + drawn_minor <= limit_minor),
    CHECK (limit_milli IS NULL OR reserved_milli + drawn_milli <= limit_milli)
);
CREATE UNIQUE INDEX licences_number ON licences (authority, number);
CREATE INDEX licences_valid_until ON licences (valid_until);

-- What each case item holds reserved on a licence now, drawn down by its
-- shipments and released when the case goes back to draft.
CREATE TABLE licence_reservations (
    licence_id     TEXT NOT NULL REFERENCES licences (id),
    item_id        TEXT NOT NULL REFERENCES case_items (id),
    case_id        TEXT NOT NULL REFERENCES cases (id),
    value_minor    BIGINT NOT NULL,
    quantity_milli BIGINT NOT NULL,
    PRIMARY KEY (licence_id, item_id),
    CHECK (value_minor >= 0 AND quantity_milli >= 0)
);

-- The ledger's history: every reservation, release and draw-down.
CREATE TABLE licence_entries (
    id             TEXT PRIMARY KEY,
    licence_id     TEXT NOT NULL REFERENCES licences (id),
    kind           TEXT NOT NULL, -- reserve | release | draw
    case_id        TEXT NULL REFERENCES cases (id),
    item_id        TEXT NULL REFERENCES case_items (id),
    shipment_id    TEXT NOT NULL DEFAULT '',
    value_minor    BIGINT NOT NULL,
    quantity_milli BIGINT NOT NULL,
    actor_id       TEXT NULL REFERENCES users (id), -- NULL: the system
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX licence_entries_licence ON licence_entries (licence_id, created_at);

-- +goose Down
DROP TABLE licence_entries;
DROP TABLE licence_reservations;
DROP TABLE licences;
DROP TABLE gea_registrations;
DROP TABLE gea_entries;
DROP TABLE gea_destinations;
DROP TABLE geas;
