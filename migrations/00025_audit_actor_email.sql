-- +goose Up
-- The audit trail's browser filters by the person as their address was
-- when they acted, paging newest first: an index keeps a page of a million
-- events fast.
CREATE INDEX audit_events_actor_email ON audit_events (actor_email, seq);

-- +goose Down
DROP INDEX audit_events_actor_email;
