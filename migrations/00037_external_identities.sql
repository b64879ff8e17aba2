-- +goose Up
-- A person who signs in through single sign-on is known by the identity
-- provider's issuer and their subject there, never by email alone: an
-- address can change hands, the subject cannot. One user may hold several
-- identities (one per provider); an identity belongs to one user.
CREATE TABLE external_identities (
    issuer         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    -- The address the provider asserted when the identity was linked.
    email          TEXT NOT NULL,
    linked_at      TIMESTAMP NOT NULL,
    last_signin_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);

-- +goose Down
DROP INDEX external_identities_user;
DROP TABLE external_identities;
