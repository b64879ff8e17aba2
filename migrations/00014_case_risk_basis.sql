-- +goose Up
-- Why a case carries its risk level: set by hand with a justification, or
-- raised by the signature of its human-rights assessment. The floor is the
-- case risk the conclusion of the latest signed assessment calls for (an
-- unacceptable conclusion calls for high); the risk cannot be set below it.
ALTER TABLE cases ADD COLUMN risk_source TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN risk_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN risk_set_by TEXT NULL REFERENCES users (id);
ALTER TABLE cases ADD COLUMN risk_set_at TIMESTAMP NULL;
ALTER TABLE cases ADD COLUMN risk_floor TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN risk_floor_conclusion TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN risk_floor_version INTEGER NOT NULL DEFAULT 0;

-- The floor of the cases assessed before: the newest version still signed as
-- it stands. A risk already below it stays as recorded; the case page says
-- so and asks for it to be set again.
UPDATE cases SET
    risk_floor_conclusion = (SELECT a.conclusion_level FROM assessments a
        WHERE a.case_id = cases.id AND a.status = 'signed' ORDER BY a.version DESC LIMIT 1),
    risk_floor_version = (SELECT a.version FROM assessments a
        WHERE a.case_id = cases.id AND a.status = 'signed' ORDER BY a.version DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = cases.id AND a.status = 'signed');
UPDATE cases SET risk_floor = CASE risk_floor_conclusion WHEN 'unacceptable' THEN 'high' ELSE risk_floor_conclusion END
WHERE risk_floor_conclusion <> '';

-- +goose Down
-- The justifications are records of who decided what and why: going back
-- would lose them.
SELECT 1;
