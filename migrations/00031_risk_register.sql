-- +goose Up
-- The company's export-control risk register (ICP element "risk
-- assessment"): product, country, customer and process risks, each scored
-- before and after its controls, owned by a user and reviewed on a date.
CREATE TABLE risks (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,    -- product | country | customer | process
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    likelihood          INTEGER NOT NULL, -- 1..5, before the controls
    impact              INTEGER NOT NULL, -- 1..5, before the controls
    owner_id            TEXT NOT NULL REFERENCES users (id),
    controls            TEXT NOT NULL DEFAULT '',
    residual_likelihood INTEGER NOT NULL, -- 1..5, after the controls
    residual_impact     INTEGER NOT NULL, -- 1..5, after the controls
    next_review_on      TIMESTAMP NOT NULL, -- midnight UTC of the day
    status              TEXT NOT NULL,      -- open | closed
    created_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK (likelihood BETWEEN 1 AND 5 AND impact BETWEEN 1 AND 5),
    CHECK (residual_likelihood BETWEEN 1 AND likelihood AND residual_impact BETWEEN 1 AND impact)
);
CREATE INDEX risks_owner_review ON risks (owner_id, next_review_on);

-- Each review: who looked at the risk, what they found, the date set for
-- the next one.
CREATE TABLE risk_reviews (
    id             TEXT PRIMARY KEY,
    risk_id        TEXT NOT NULL REFERENCES risks (id),
    reviewed_by    TEXT NOT NULL REFERENCES users (id),
    reviewed_at    TIMESTAMP NOT NULL,
    note           TEXT NOT NULL,
    next_review_on TIMESTAMP NOT NULL
);
CREATE INDEX risk_reviews_risk ON risk_reviews (risk_id, reviewed_at);

-- +goose Down
DROP TABLE risk_reviews;
DROP TABLE risks;
