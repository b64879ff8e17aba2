-- +goose Up
-- Each token has its own rate limit, in requests a second, set when it is
-- created (a burst may be twice as many). Tokens created before it had 20 a
-- second, as every token did.
ALTER TABLE api_tokens ADD COLUMN rate_per_second INTEGER NOT NULL DEFAULT 20 CHECK (rate_per_second >= 1);

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN rate_per_second;
