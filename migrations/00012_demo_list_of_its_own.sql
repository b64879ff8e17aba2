-- +goose Up
-- The fictitious demonstration list used to be imported as a version of the
-- OFAC SDN list, and a first demo start on a database that already held the
-- real list made it the version in use. Its versions (their files are named
-- vigil-demo-*) become the list of their own that they are, with the hits
-- and decisions found on them, and the newest real OFAC SDN version is in
-- use again where none is. Nothing is deleted.
UPDATE screening_hits SET source = 'demo'
 WHERE version_id IN (SELECT id FROM list_versions
                       WHERE source = 'us-ofac-sdn' AND files LIKE '%"vigil-demo-%');
UPDATE hit_decisions SET source = 'demo'
 WHERE hit_id IN (SELECT id FROM screening_hits WHERE source = 'demo');
UPDATE list_versions SET source = 'demo'
 WHERE source = 'us-ofac-sdn' AND files LIKE '%"vigil-demo-%';
UPDATE list_versions SET active = TRUE
 WHERE id = (SELECT id FROM list_versions WHERE source = 'us-ofac-sdn' ORDER BY imported_at DESC LIMIT 1)
   AND NOT EXISTS (SELECT 1 FROM list_versions WHERE source = 'us-ofac-sdn' AND active = TRUE);

-- +goose Down
-- The repair is kept: moving the demonstration list back onto OFAC SDN would
-- only bring the fault back.
SELECT 1;
