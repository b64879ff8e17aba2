-- +goose Up
-- Country reference data for human-rights due diligence (Rec. (EU) 2024/2659):
-- the restrictive measures on a destination, dated human-rights indicator
-- observations, the risk tier a compliance officer gives a country, and the
-- red-flag catalogue. Every change is an audit event of its own.

-- A restrictive measure (arms embargo, other restrictive measures, a ban on
-- telecom-monitoring equipment) as recorded, "to_verify" until a compliance
-- officer confirms it against the legal text. A lifted measure stays, with
-- the date it ended.
CREATE TABLE restrictive_measures (
    id           TEXT PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries (code),
    kind         TEXT NOT NULL, -- arms_embargo | restrictive_measures | telecom_monitoring_ban
    legal_act    TEXT NOT NULL,
    adopted_on   DATE NULL,     -- NULL: not known from the sources read
    scope        TEXT NOT NULL, -- "full", "non-government forces", "listed persons" ...
    confidence   TEXT NOT NULL CHECK (confidence IN ('confirmed', 'to_verify')),
    evidence     TEXT NOT NULL, -- what was read, and where
    confirmed_by TEXT NULL REFERENCES users (id),
    confirmed_at TIMESTAMP NULL,
    ended_on     DATE NULL,
    created_by   TEXT NULL REFERENCES users (id), -- NULL: seeded from the reference notes
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX restrictive_measures_country ON restrictive_measures (country_code);

-- One published value of a human-rights indicator, as published and with
-- where it was read: values are entered from their source, never invented.
CREATE TABLE hr_indicators (
    id           TEXT PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries (code),
    indicator    TEXT NOT NULL, -- "Freedom House — Freedom in the World"
    edition      TEXT NOT NULL, -- "2025"
    value        TEXT NOT NULL, -- "11/100, Not Free"
    scale        TEXT NOT NULL, -- "0–100; Free / Partly Free / Not Free"
    source_url   TEXT NOT NULL,
    retrieved_at DATE NOT NULL,
    entered_by   TEXT NOT NULL REFERENCES users (id),
    entered_at   TIMESTAMP NOT NULL
);
CREATE INDEX hr_indicators_country ON hr_indicators (country_code, indicator);

-- The risk tier a compliance officer set, with why; the newest row is the
-- country's tier, the older ones its history.
CREATE TABLE country_tiers (
    id           TEXT PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries (code),
    tier         TEXT NOT NULL CHECK (tier IN ('low', 'medium', 'high')),
    rationale    TEXT NOT NULL,
    set_by       TEXT NOT NULL REFERENCES users (id),
    set_at       TIMESTAMP NOT NULL
);
CREATE INDEX country_tiers_country ON country_tiers (country_code, set_at);

-- The red-flag catalogue of REFERENCE.md §4; source is where the flag comes
-- from (BIS, EU ICP, UK, Rec. 2024/2659, or Vigil's own inference).
CREATE TABLE red_flags (
    code       TEXT PRIMARY KEY, -- RF01 ...
    title      TEXT NOT NULL,
    source     TEXT NOT NULL,
    guidance   TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    updated_by TEXT NULL REFERENCES users (id), -- NULL: as seeded
    updated_at TIMESTAMP NOT NULL
);

-- Seeded from VERIFIED.md §4 (the EU arms embargoes, status 2025). None was
-- checked against the primary text there, so every row is to_verify; the
-- evidence column is what was found, with the notes' own confidence. Dates
-- are given only where the notes name one. Syria is NOT seeded as a full arms
-- embargo: the notes found only the restrictions on internal-repression and
-- telecom-monitoring equipment, and conflicting reports on the embargo.
INSERT INTO restrictive_measures (id, country_code, kind, legal_act, adopted_on, scope, confidence, evidence, created_at) VALUES
    ('seed-BY', 'BY', 'arms_embargo', 'Council Decision 2012/642/CFSP; Reg. (EC) 765/2006', NULL, 'full', 'to_verify',
     'Listed in the EU008 exclusion list. No primary embargo text read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-CN', 'CN', 'arms_embargo', 'European Council (Madrid) declaration of 27 June 1989; political, not a legal act', '1989-06-27',
     'partial (1989 declaration, interpreted nationally)', 'to_verify',
     'Secondary: a 2014 Progressive Media/army-technology article (copy at armeniandiaspora.com) describes the "partial arms embargo imposed by the European Union on China" from the Madrid declaration of 27 June 1989. (Reference notes: likely.)', CURRENT_TIMESTAMP),
    ('seed-KP', 'KP', 'arms_embargo', 'Council Decision (CFSP) 2016/849; Reg. (EU) 2017/1509', NULL, 'full', 'to_verify',
     'Article 1(1)(a) text prohibiting "arms and related materiel of all types" to the DPRK, version of 12 Oct 2017: https://service.betterregulation.com/document/576732. The act number is not shown in that excerpt. (Reference notes: likely.)', CURRENT_TIMESTAMP),
    ('seed-IR', 'IR', 'arms_embargo', 'Council Decision 2010/413/CFSP; Reg. (EU) 267/2012', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-IQ', 'IQ', 'arms_embargo', 'Common Position 2003/495/CFSP; Reg. (EC) 1210/2003', NULL, 'non-government forces', 'to_verify',
     'Secondary (2014 article): "The EU Common Position on arms embargo on Iraq allows the sale … to … the new Government of Iraq". (Reference notes: likely, 2014 source.)', CURRENT_TIMESTAMP),
    ('seed-LB', 'LB', 'arms_embargo', 'Common Position 2006/625/CFSP', NULL, 'non-government forces', 'to_verify',
     'Art. 1 text (prohibition to "any entity or individual in Lebanon") and Art. 2 exemption for Government/UNIFIL, excluding militias: https://api.respectus.eu/docs/lebanon-positions-communes-2006625. (Reference notes: likely; in-force status not re-checked.)', CURRENT_TIMESTAMP),
    ('seed-LY', 'LY', 'arms_embargo', 'Council Decision (CFSP) 2015/1333; Reg. (EU) 2016/44', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-MM', 'MM', 'arms_embargo', 'Council Decision 2013/184/CFSP; Reg. (EU) 401/2013', NULL, 'full', 'to_verify',
     'Secondary (2014): EU embargo "in force since 1990". (Reference notes: likely.)', CURRENT_TIMESTAMP),
    ('seed-RU', 'RU', 'arms_embargo', 'Council Decision 2014/512/CFSP (Art. 2); Reg. (EU) 833/2014', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-SO', 'SO', 'arms_embargo', 'Council Decision 2010/231/CFSP; Reg. (EU) 356/2010', NULL, 'full', 'to_verify',
     'GRIP (https://embargo.grip.org/somalia): "La Somalie est actuellement sous embargo européen". The UN lifted its embargo on the Federal Government on 1 Dec 2023 (UNSCR 2714), and the UN regime still targets Al-Shabaab (UNSCR 2713). The current EU scope after 2023 was not verified. (Reference notes: likely; scope unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-SS', 'SS', 'arms_embargo', 'Council Decision (CFSP) 2015/740; Reg. (EU) 2015/735', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-SD', 'SD', 'arms_embargo', 'Council Decision 2014/450/CFSP; Reg. (EU) 747/2014', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-SY', 'SY', 'restrictive_measures', 'Council Decision 2013/255/CFSP; Reg. (EU) 36/2012', NULL,
     'equipment for internal repression and telecom monitoring; arms embargo status disputed — verify', 'to_verify',
     'Conflicting. Lexology (2013) says the EU arms embargo "expired on 31 May 2013". Council summaries from 2020 and 2022 (perspectivesmed.com, econostrum.info) list only restrictions on "equipment and technologies that might be used for internal repression" and on telecom monitoring equipment. What changed in 2025 after the change of government was not verified. (Reference notes: unconfirmed; do not treat as a full arms embargo without checking.)', CURRENT_TIMESTAMP),
    ('seed-VE', 'VE', 'arms_embargo', 'Council Decision (CFSP) 2017/2074; Reg. (EU) 2017/2063', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-ZW', 'ZW', 'arms_embargo', 'Council Decision 2011/101/CFSP; Reg. (EC) 314/2004', NULL, 'full', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-CF', 'CF', 'arms_embargo', 'Council Decision 2013/798/CFSP; Reg. (EU) 224/2014', NULL, 'full', 'to_verify',
     'Art. 1 text: "The sale, supply, transfer or export of arms and related materiel of all types … to the Central African Republic (CAR) … shall be prohibited" (https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/0EGYWY; lexology). Whether it was narrowed after the UN''s 2024 changes was not verified. (Reference notes: likely, 2013 text; current scope unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-CD', 'CD', 'arms_embargo', 'Council Decision 2010/788/CFSP; Reg. (EC) 1183/2005', NULL, 'non-government forces', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-HT', 'HT', 'arms_embargo', 'Council Decision (CFSP) 2022/2319; Reg. (EU) 2022/2309', NULL, 'listed persons', 'to_verify',
     'None read. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-YE', 'YE', 'arms_embargo', 'Council Decision 2014/932/CFSP as amended; Reg. (EU) 1352/2014', NULL, 'listed persons', 'to_verify',
     'None read; targets listed persons and the Houthis. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-AF', 'AF', 'arms_embargo', 'Council Decision 2011/486/CFSP; Reg. (EU) 753/2011', NULL, 'listed persons', 'to_verify',
     'None read; targets Taliban-linked persons. (Reference notes: unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-AM', 'AM', 'arms_embargo', 'OSCE Committee of Senior Officials decision, 28 Feb 1992 (not an EU act; an arms embargo for dual-use purposes under Art. 2(19) of Reg. 2021/821)', '1992-02-28', 'full', 'to_verify',
     'Council Secretariat note 9045/10 of 27 Apr 2010 includes the "OSCE Committee of Senior Officials statement of 1992 (arms embargo on Armenia and Azerbaijan)" (docstoc copy). (Reference notes: likely; current status unconfirmed.)', CURRENT_TIMESTAMP),
    ('seed-AZ', 'AZ', 'arms_embargo', 'OSCE Committee of Senior Officials decision, 28 Feb 1992 (not an EU act; an arms embargo for dual-use purposes under Art. 2(19) of Reg. 2021/821)', '1992-02-28', 'full', 'to_verify',
     'Council Secretariat note 9045/10 of 27 Apr 2010 includes the "OSCE Committee of Senior Officials statement of 1992 (arms embargo on Armenia and Azerbaijan)" (docstoc copy). (Reference notes: likely; current status unconfirmed.)', CURRENT_TIMESTAMP);

-- REFERENCE.md §4, with each flag's source as given there; "I" is Vigil's own
-- inference from the rules, not law. Guidance is for compliance to write.
INSERT INTO red_flags (code, title, source, guidance, active, updated_at) VALUES
    ('RF01', 'Party or address similar to a denied or restricted party', 'BIS', '', TRUE, CURRENT_TIMESTAMP),
    ('RF02', 'Reluctant or evasive about end-use/end-user, or about domestic use vs re-export', 'BIS/EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF03', 'Capabilities don''t fit the buyer''s business', 'BIS', '', TRUE, CURRENT_TIMESTAMP),
    ('RF04', 'Item or configuration incompatible with the destination (technical level, 120 V/220 V)', 'BIS', '', TRUE, CURRENT_TIMESTAMP),
    ('RF05', 'Cash or unusually favourable payment; third-party payer', 'BIS/UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF06', 'Little business background; new customer, inconsistent data, thin website', 'BIS/EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF07', 'Unfamiliar with the product''s performance', 'BIS/EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF08', 'Declines installation, training or maintenance', 'BIS/UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF09', 'Vague or changed delivery terms or consignee; out-of-the-way destination', 'BIS', '', TRUE, CURRENT_TIMESTAMP),
    ('RF10', 'Forwarder, trader, bank or free-trade zone given as final consignee', 'BIS/EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF11', 'Abnormal route; packaging or labelling inconsistent', 'BIS/UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF12', 'Military or government-research end-user with a stated civil use', 'EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF13', 'Contact details in a third country, or changed over time', 'EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF14', 'Excessive confidentiality', 'UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF15', 'Excessive spares, or no interest in spares', 'UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF16', 'Restricted-access or high-security installation site', 'UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF17', 'Immature or niche product ordered by an unknown party', 'EU', '', TRUE, CURRENT_TIMESTAMP),
    ('RF18', 'Unconvincing explanation of need', 'UK', '', TRUE, CURRENT_TIMESTAMP),
    ('RF19', 'Emphasis on covert or undetectable surveillance', '2024/2659', '', TRUE, CURRENT_TIMESTAMP),
    ('RF20', 'Reported past misuse for repression', '2024/2659', '', TRUE, CURRENT_TIMESTAMP),
    ('RF21', 'Police, intelligence or security end-user in a high-HR-risk destination', 'I (inferred by Vigil, not law)', '', TRUE, CURRENT_TIMESTAMP),
    ('RF22', 'Customisation for individual targeting, biometrics or relational mapping', 'I (inferred by Vigil, not law)', '', TRUE, CURRENT_TIMESTAMP),
    ('RF23', 'Party on the BIS Unverified List', 'CSL', '', TRUE, CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE red_flags;
DROP TABLE country_tiers;
DROP TABLE hr_indicators;
DROP TABLE restrictive_measures;
