-- +goose Up
-- A background job that must run on one instance at a time (re-screening,
-- audit checkpoints, housekeeping) holds its row here until expires_at; the
-- holder renews it while it works, and once it lapses (the holder crashed)
-- another instance takes it over. See internal/lease.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
