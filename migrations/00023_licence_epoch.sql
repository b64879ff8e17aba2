-- +goose Up
-- Moves on with every change to a licence, its ledger or a GEA registration,
-- in the same transaction, so that every instance knows when what it has
-- kept of the company's authorisations is stale (see licensing.Service).
CREATE TABLE licence_epoch (
    id INTEGER PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO licence_epoch (id, n) VALUES (1, 0);

-- +goose Down
DROP TABLE licence_epoch;
