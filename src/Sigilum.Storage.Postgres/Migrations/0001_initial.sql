-- Sigilum control-plane schema, PostgreSQL (written and tested on 15).
--
-- Times are timestamptz; the store writes them truncated to the millisecond so both providers read
-- back the same values. Lists are text[]. Status and kind columns hold the lower-case enum name.

CREATE TABLE namespaces (
    name        text        NOT NULL PRIMARY KEY,
    owner_id    text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE owners (
    id             text        NOT NULL PRIMARY KEY,
    namespace      text        NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    email          text,
    password_hash  text,
    public_key     text,
    created_at     timestamptz NOT NULL
);
CREATE INDEX owners_namespace ON owners(namespace);

-- Slug unique per namespace, never globally (the reference's global slugs collided across owners).
CREATE TABLE services (
    id              text        NOT NULL PRIMARY KEY,
    namespace       text        NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    slug            text        NOT NULL,
    name            text        NOT NULL,
    description     text,
    upstream_hosts  text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (namespace, slug)
);

CREATE TABLE service_api_keys (
    id            text        NOT NULL PRIMARY KEY,
    service_id    text        NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    name          text        NOT NULL,
    key_hash      text        NOT NULL UNIQUE,
    last4         text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX service_api_keys_service ON service_api_keys(service_id);

-- One row per ⟨namespace, service, key⟩; the claim id changes when a terminal claim is replaced.
CREATE TABLE claims (
    namespace         text        NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    service           text        NOT NULL,
    public_key        text        NOT NULL,
    id                text        NOT NULL UNIQUE,
    agent_id          text,
    agent_name        text,
    subject           text,
    agent_ip          text,
    status            text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    approved_at       timestamptz,
    revoked_at        timestamptz,
    expires_at        timestamptz,
    allowed_subjects  text[]      NOT NULL DEFAULT '{}',
    reason            text,
    PRIMARY KEY (namespace, service, public_key)
);
CREATE INDEX claims_status ON claims(status, created_at);

-- The durable change feed. Writers hold a transaction-level advisory lock from before the row gets
-- its seq until commit, so seq order is commit order and a reader's cursor never skips a late commit.
CREATE TABLE claim_changes (
    seq        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace  text        NOT NULL,
    claim_id   text        NOT NULL,
    claim      jsonb       NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX claim_changes_namespace ON claim_changes(namespace, seq);

CREATE TABLE agents (
    namespace      text        NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    public_key     text        NOT NULL,
    key_id         text        NOT NULL,
    name           text,
    first_seen_at  timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    PRIMARY KEY (namespace, public_key)
);

CREATE TABLE nodes (
    id             text        NOT NULL PRIMARY KEY,
    namespace      text        NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    kind           text        NOT NULL,
    name           text        NOT NULL,
    public_key     text        NOT NULL,
    version        text,
    registered_at  timestamptz NOT NULL,
    last_seen_at   timestamptz,
    UNIQUE (namespace, public_key)
);

CREATE TABLE webhooks (
    id             text        NOT NULL PRIMARY KEY,
    service_id     text        NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    namespace      text        NOT NULL,
    url            text        NOT NULL,
    events         text[]      NOT NULL,
    sealed_secret  bytea       NOT NULL,
    active         boolean     NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE INDEX webhooks_namespace ON webhooks(namespace, service_id);

CREATE TABLE webhook_deliveries (
    id                text        NOT NULL PRIMARY KEY,
    webhook_id        text        NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event             text        NOT NULL,
    body              text        NOT NULL,
    attempt           integer     NOT NULL,
    first_attempt_at  timestamptz NOT NULL,
    next_attempt_at   timestamptz NOT NULL,
    status            text        NOT NULL,
    last_status_code  integer,
    last_error        text,
    completed_at      timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, first_attempt_at);

CREATE TABLE usage_events (
    event_id     text        NOT NULL PRIMARY KEY,
    namespace    text        NOT NULL,
    service      text        NOT NULL,
    public_key   text        NOT NULL,
    subject      text,
    agent_id     text,
    outcome      text        NOT NULL,
    status_code  integer,
    duration_ms  bigint,
    method       text,
    path         text,
    node_id      text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX usage_events_namespace ON usage_events(namespace, created_at);

CREATE TABLE checkpoints (
    node_id      text        NOT NULL,
    seq          bigint      NOT NULL,
    namespace    text        NOT NULL,
    head         text        NOT NULL,
    json         text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (node_id, seq)
);
CREATE INDEX checkpoints_namespace ON checkpoints(namespace, node_id);

CREATE TABLE owner_sessions (
    token_hash   text        NOT NULL PRIMARY KEY,
    owner_id     text        NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    namespace    text        NOT NULL,
    kind         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    consumed_at  timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX owner_sessions_owner ON owner_sessions(owner_id);

CREATE TABLE signing_keys (
    kid          text        NOT NULL PRIMARY KEY,
    public_key   bytea       NOT NULL,
    sealed_seed  bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    retired_at   timestamptz
);

-- Replay protection shared by every instance. A row is live while expires_at > now. The row count is
-- kept in 16 counter slots (a row's slot is fixed when inserted) so the capacity check reads 16 rows
-- instead of counting the table, and concurrent inserts rarely wait on the same counter row.
CREATE TABLE nonces (
    scope       text        NOT NULL,
    nonce       text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    slot        smallint    NOT NULL,
    PRIMARY KEY (scope, nonce)
);
CREATE INDEX nonces_expiry ON nonces(expires_at);

CREATE TABLE nonce_counts (
    slot  smallint NOT NULL PRIMARY KEY,
    n     bigint   NOT NULL
);
INSERT INTO nonce_counts(slot, n) SELECT s, 0 FROM generate_series(0, 15) AS s;

-- Deletes expired nonces and adjusts the counters. Purges are serialised by an advisory lock
-- (0x53494749 = 'SIGI', 3) so two of them never delete overlapping rows in different orders.
CREATE FUNCTION sigilum_purge_nonces(p_now timestamptz) RETURNS integer
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

-- Records a nonce atomically; returns 0 recorded, 1 replayed, 2 full. One call is one statement,
-- so it runs in its own transaction: of several concurrent callers for one ⟨scope, nonce⟩ exactly one
-- gets 0 — the unique key makes the losers wait for the winner's commit and then see its row.
CREATE FUNCTION sigilum_try_record_nonce(p_scope text, p_nonce text, p_expires timestamptz, p_now timestamptz, p_capacity bigint, p_slot smallint)
RETURNS smallint
LANGUAGE plpgsql AS $$
BEGIN
    -- An expired row may be used again; the WHERE is re-checked after waiting on a concurrent
    -- writer, so only one of several reusers succeeds. The row count does not change.
    UPDATE nonces SET expires_at = p_expires WHERE scope = p_scope AND nonce = p_nonce AND expires_at <= p_now;
    IF FOUND THEN
        RETURN 0;
    END IF;

    IF (SELECT sum(n) FROM nonce_counts) >= p_capacity THEN
        -- At the bound: expired rows do not count, so drop them and look again.
        PERFORM sigilum_purge_nonces(p_now);
        IF (SELECT sum(n) FROM nonce_counts) >= p_capacity THEN
            -- Never evict a live nonce to make room (RPL-12); a replay is still reported as one.
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
