-- Per-user API tokens (clawdbot tokens create|list|revoke). Only the SHA-256 of a token is stored: the tokens are
-- 256 random bits, so a fast hash is enough and a stolen database yields no usable credential.
CREATE TABLE api_tokens (
    id ${id_pk},
    token_id TEXT NOT NULL UNIQUE,
    principal TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at_ms ${bigint} NOT NULL,
    revoked_at_ms ${bigint}
);
CREATE INDEX api_tokens_principal ON api_tokens (principal);
