-- +goose Up
-- The programme dashboard and the yearly ICP review count by these (see
-- internal/dashboard and BenchmarkDashboardMillion).

-- The open hits start from the screenings that found something and go to
-- the cases of their parties: the parties' links not removed, and each
-- case's status, read from the indexes alone.
CREATE INDEX screenings_with_hits ON screenings (party_id, screened_at) WHERE hit_count > 0;
CREATE INDEX case_parties_open_party ON case_parties (party_id, case_id) WHERE removed_at IS NULL;
CREATE INDEX cases_id_status ON cases (id, status);

-- Cases opened by month, and by year with their status and destination;
-- cases decided in a year by their status; hits decided likewise.
CREATE INDEX cases_created ON cases (created_at, status, destination);
CREATE INDEX cases_decided ON cases (status, decided_at);
CREATE INDEX hit_decisions_decided ON hit_decisions (decided_at, decision);

-- +goose Down
DROP INDEX hit_decisions_decided;
DROP INDEX cases_decided;
DROP INDEX cases_created;
DROP INDEX cases_id_status;
DROP INDEX case_parties_open_party;
DROP INDEX screenings_with_hits;
