-- +goose Up
-- A case item may be a product of the catalogue: it then carries the
-- product's confirmed classification as it stood when the item was added.
ALTER TABLE case_items ADD COLUMN product_id TEXT NULL REFERENCES products (id);
ALTER TABLE case_items ADD COLUMN classification_id TEXT NULL REFERENCES product_classifications (id);

-- +goose Down
ALTER TABLE case_items DROP COLUMN classification_id;
ALTER TABLE case_items DROP COLUMN product_id;
