-- +goose Up
-- The company's list policy: which sanctions lists must be in use and how
-- many days each list's version in use may be old. A list without a row
-- follows the default policy in the code (EU, UN and UK required, OFAC SDN
-- recommended, 7 days).
CREATE TABLE list_policy (
    source       TEXT PRIMARY KEY,
    requirement  TEXT NOT NULL CHECK (requirement IN ('required', 'recommended', 'optional')),
    max_age_days INTEGER NOT NULL CHECK (max_age_days BETWEEN 1 AND 90),
    updated_by   TEXT REFERENCES users (id),
    updated_at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE list_policy;
