-- Identity: revocable API tokens. Only a SHA-256 of the secret is stored (the secret is 32
-- random bytes, so a fast hash is enough: there is nothing to guess); the prefix is kept in
-- clear so that people can tell their tokens apart in lists and logs.

CREATE TABLE api_tokens (
    id            bigserial    PRIMARY KEY,
    user_id       bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          varchar(100) NOT NULL,
    token_hash    char(64)     NOT NULL,
    prefix        varchar(16)  NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    expires_at    timestamptz  NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
-- Every API call with a token looks it up by hash.
CREATE UNIQUE INDEX uq_api_tokens_hash ON api_tokens (token_hash);
-- "My tokens" lists and "revoke all of a user's tokens".
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id) WHERE revoked_at IS NULL;
