-- The replay store on PostgreSQL (ADR 0068): the accepted attestation ids every vault instance shares and the store
-- generation their audit chains witness, nothing else. The same tables and functions as the control-plane schema
-- (migrations 0001 and 0003), so PostgresNonceStore serves both; IF NOT EXISTS / OR REPLACE adopt a database that
-- already has them.
CREATE TABLE IF NOT EXISTS nonces (
    scope       text        NOT NULL,
    nonce       text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    slot        smallint    NOT NULL,
    PRIMARY KEY (scope, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces(expires_at);

CREATE TABLE IF NOT EXISTS nonce_counts (
    slot  smallint NOT NULL PRIMARY KEY,
    n     bigint   NOT NULL
);
INSERT INTO nonce_counts(slot, n) SELECT s, 0 FROM generate_series(0, 15) AS s ON CONFLICT (slot) DO NOTHING;

CREATE OR REPLACE FUNCTION sigilum_purge_nonces(p_now timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    deleted integer;
BEGIN
    PERFORM pg_advisory_xact_lock(1397311305, 3);
    WITH gone AS (
        DELETE FROM nonces WHERE expires_at <= p_now RETURNING slot
    ), per_slot AS (
        SELECT slot, count(*) AS k FROM gone GROUP BY slot
    ), adjusted AS (
        UPDATE nonce_counts c SET n = c.n - p.k FROM per_slot p WHERE c.slot = p.slot RETURNING p.k
    )
    SELECT coalesce(sum(k), 0) INTO deleted FROM adjusted;
    RETURN deleted;
END
$$;

-- 0 recorded, 1 replayed, 2 full; one statement, so of concurrent callers for one ⟨scope, nonce⟩ exactly one gets 0.
CREATE OR REPLACE FUNCTION sigilum_try_record_nonce(p_scope text, p_nonce text, p_expires timestamptz, p_now timestamptz, p_capacity bigint, p_slot smallint)
RETURNS smallint
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE nonces SET expires_at = p_expires WHERE scope = p_scope AND nonce = p_nonce AND expires_at <= p_now;
    IF FOUND THEN
        RETURN 0;
    END IF;
    IF (SELECT sum(n) FROM nonce_counts) >= p_capacity THEN
        PERFORM sigilum_purge_nonces(p_now);
        IF (SELECT sum(n) FROM nonce_counts) >= p_capacity THEN
            IF EXISTS (SELECT 1 FROM nonces WHERE scope = p_scope AND nonce = p_nonce AND expires_at > p_now) THEN
                RETURN 1;
            END IF;
            RETURN 2;
        END IF;
    END IF;
    INSERT INTO nonces(scope, nonce, expires_at, slot) VALUES (p_scope, p_nonce, p_expires, p_slot)
    ON CONFLICT (scope, nonce) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 1;
    END IF;
    UPDATE nonce_counts SET n = n + 1 WHERE slot = p_slot;
    RETURN 0;
END
$$;

CREATE TABLE IF NOT EXISTS store_generation (
    id          INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    generation  BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
