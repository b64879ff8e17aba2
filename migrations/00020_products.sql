-- +goose Up
-- The company's catalogue: each product is classified against the control
-- list by one person and confirmed by a compliance officer who is someone
-- else. Every classification is kept; the confirmed newest one holds.
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    -- Why the product's classification must be looked at again, e.g. its
    -- Annex I entry changed in a new control-list version; '' when not.
    review_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX products_name ON products (name);

CREATE TABLE product_classifications (
    id              TEXT PRIMARY KEY,
    product_id      TEXT NOT NULL REFERENCES products (id),
    entry_code      TEXT NOT NULL DEFAULT '', -- '' when not listed
    rationale       TEXT NOT NULL,
    us_eccn         TEXT NOT NULL DEFAULT '',
    cyber           BOOLEAN NOT NULL DEFAULT FALSE, -- an unlisted cyber-surveillance item (Art. 2(20))
    status          TEXT NOT NULL,                  -- proposed | confirmed | declined
    proposed_by     TEXT NOT NULL REFERENCES users (id),
    proposed_at     TIMESTAMP NOT NULL,
    answered_by     TEXT NULL REFERENCES users (id),
    answered_at     TIMESTAMP NULL,
    answer_reason   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX product_classifications_product ON product_classifications (product_id, proposed_at);

-- +goose Down
DROP TABLE product_classifications;
DROP TABLE products;
