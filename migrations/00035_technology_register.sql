-- +goose Up
-- The register of controlled technology and software (ICP core element 7,
-- physical and information security): where each is kept, who may reach
-- it, which products of the catalogue it belongs to (their confirmed
-- classification is its control-list entry), and its transfers out of the
-- company with what covered each.
CREATE TABLE tech_items (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,              -- technology | software
    description   TEXT NOT NULL DEFAULT '',
    location      TEXT NOT NULL,              -- the system or place it is kept in
    access_groups TEXT NOT NULL DEFAULT '',   -- groups with access, in words
    owner_id      TEXT NOT NULL REFERENCES users (id),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- The products of the catalogue an entry belongs to.
CREATE TABLE tech_item_products (
    item_id    TEXT NOT NULL REFERENCES tech_items (id),
    product_id TEXT NOT NULL REFERENCES products (id),
    PRIMARY KEY (item_id, product_id)
);

-- The users who may reach an entry.
CREATE TABLE tech_item_access (
    item_id TEXT NOT NULL REFERENCES tech_items (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (item_id, user_id)
);

-- Transfers out of the company; only covered ones are stored (a refused
-- one is on the audit trail).
CREATE TABLE tech_transfers (
    id             TEXT PRIMARY KEY,
    item_id        TEXT NOT NULL REFERENCES tech_items (id),
    channel        TEXT NOT NULL,     -- email | cloud | trip | other
    recipient_name TEXT NOT NULL,
    recipient_org  TEXT NOT NULL,
    destination    TEXT NOT NULL,     -- ISO 3166-1 alpha-2
    transfer_on    TIMESTAMP NOT NULL, -- midnight UTC of the day
    transferred_by TEXT NOT NULL REFERENCES users (id),
    cover_kind     TEXT NOT NULL DEFAULT '', -- licence | gea | '' (none needed)
    cover_ref      TEXT NOT NULL DEFAULT '', -- the licence's id or the GEA's code
    cover_name     TEXT NOT NULL DEFAULT '', -- as people cite it
    entries        TEXT NOT NULL DEFAULT '', -- the control-list entries judged
    basis          TEXT NOT NULL,     -- why it may go, in words
    recorded_by    TEXT NOT NULL REFERENCES users (id),
    recorded_at    TIMESTAMP NOT NULL
);
CREATE INDEX tech_transfers_item ON tech_transfers (item_id, transfer_on);

-- +goose Down
DROP TABLE tech_transfers;
DROP TABLE tech_item_access;
DROP TABLE tech_item_products;
DROP TABLE tech_items;
