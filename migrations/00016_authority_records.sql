-- +goose Up
-- What the case needs from the competent authority under Art. 5: our
-- notification (5(2)), the authority's information that a licence is
-- required (5(1)), or a licence required by national law (5(3)). A
-- notification records when it was sent and by whom; the reply may grant a
-- licence, with its number.
ALTER TABLE authority_notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'art5_2';
ALTER TABLE authority_notifications ADD COLUMN sent_on TEXT NOT NULL DEFAULT '';
ALTER TABLE authority_notifications ADD COLUMN sent_by TEXT NULL REFERENCES users (id);
ALTER TABLE authority_notifications ADD COLUMN sent_recorded_at TIMESTAMP NULL;
ALTER TABLE authority_notifications ADD COLUMN licence_number TEXT NOT NULL DEFAULT '';
UPDATE authority_notifications SET reply_decision = 'no_authorisation_required' WHERE reply_decision = 'no_licence_required';

-- +goose Down
UPDATE authority_notifications SET reply_decision = 'no_licence_required' WHERE reply_decision = 'no_authorisation_required';
ALTER TABLE authority_notifications DROP COLUMN licence_number;
ALTER TABLE authority_notifications DROP COLUMN sent_recorded_at;
ALTER TABLE authority_notifications DROP COLUMN sent_by;
ALTER TABLE authority_notifications DROP COLUMN sent_on;
ALTER TABLE authority_notifications DROP COLUMN kind;
