-- The replay store (ADR 0053): a data plane's accepted attestation ids and its store generation, nothing else.
-- IF NOT EXISTS: a replay database written before this store existed was a whole control-plane schema, which already
-- has these tables (same columns) and keeps their rows.
CREATE TABLE IF NOT EXISTS nonces (
    scope       TEXT    NOT NULL,
    nonce       TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (scope, nonce)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces(expires_at);

CREATE TABLE IF NOT EXISTS nonce_count (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
    n   INTEGER NOT NULL
);
INSERT INTO nonce_count(id, n) VALUES (0, 0) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS store_generation (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
