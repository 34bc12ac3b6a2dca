-- Sigilum control-plane schema, SQLite.
--
-- Written for the SQLite 3.35 subset (no STRICT tables, no unixepoch()) so the bundled engine and
-- the system one run the same script (docs/decisions/0004-sqlite-engine.md).
-- Times are INTEGER unix milliseconds, UTC, everywhere: they compare and sort as numbers and no
-- text format has to be parsed back. Lists are JSON arrays in TEXT columns. Status and kind columns
-- hold the lower-case enum name.

CREATE TABLE namespaces (
    name        TEXT    NOT NULL PRIMARY KEY,
    owner_id    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE owners (
    id             TEXT    NOT NULL PRIMARY KEY,
    namespace      TEXT    NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    email          TEXT,
    password_hash  TEXT,
    public_key     TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX owners_namespace ON owners(namespace);

-- Slug unique per namespace, never globally (the reference's global slugs collided across owners).
CREATE TABLE services (
    id              TEXT    NOT NULL PRIMARY KEY,
    namespace       TEXT    NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    slug            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    description     TEXT,
    upstream_hosts  TEXT    NOT NULL DEFAULT '[]',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (namespace, slug)
);

CREATE TABLE service_api_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    service_id    TEXT    NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    key_hash      TEXT    NOT NULL UNIQUE,
    last4         TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX service_api_keys_service ON service_api_keys(service_id);

-- One row per ⟨namespace, service, key⟩ (the reference's primary key); the claim id changes when a
-- terminal claim is replaced by a new submission.
CREATE TABLE claims (
    namespace         TEXT    NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    service           TEXT    NOT NULL,
    public_key        TEXT    NOT NULL,
    id                TEXT    NOT NULL UNIQUE,
    agent_id          TEXT,
    agent_name        TEXT,
    subject           TEXT,
    agent_ip          TEXT,
    status            TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    approved_at       INTEGER,
    revoked_at        INTEGER,
    expires_at        INTEGER,
    allowed_subjects  TEXT    NOT NULL DEFAULT '[]',
    reason            TEXT,
    PRIMARY KEY (namespace, service, public_key)
);
CREATE INDEX claims_status ON claims(status, created_at);

-- The durable change feed. AUTOINCREMENT: sequence numbers are never reused, even after rows are
-- deleted, so a data plane's cursor can never point at a recycled number.
CREATE TABLE claim_changes (
    seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    namespace  TEXT    NOT NULL,
    claim_id   TEXT    NOT NULL,
    claim      TEXT    NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX claim_changes_namespace ON claim_changes(namespace, seq);

CREATE TABLE agents (
    namespace      TEXT    NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    public_key     TEXT    NOT NULL,
    key_id         TEXT    NOT NULL,
    name           TEXT,
    first_seen_at  INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    PRIMARY KEY (namespace, public_key)
);

CREATE TABLE nodes (
    id             TEXT    NOT NULL PRIMARY KEY,
    namespace      TEXT    NOT NULL REFERENCES namespaces(name) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    public_key     TEXT    NOT NULL,
    version        TEXT,
    registered_at  INTEGER NOT NULL,
    last_seen_at   INTEGER,
    UNIQUE (namespace, public_key)
);

-- Replay protection. A row is live while expires_at > now; expired rows may be recorded again and
-- are deleted by PurgeExpired. nonce_count holds the number of rows (live or not yet purged) so the
-- capacity check is one primary-key read instead of a count over the table.
CREATE TABLE nonces (
    scope       TEXT    NOT NULL,
    nonce       TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (scope, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_expiry ON nonces(expires_at);

CREATE TABLE nonce_count (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
    n   INTEGER NOT NULL
);
INSERT INTO nonce_count(id, n) VALUES (0, 0);

CREATE TABLE webhooks (
    id             TEXT    NOT NULL PRIMARY KEY,
    service_id     TEXT    NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    namespace      TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    events         TEXT    NOT NULL,
    sealed_secret  BLOB    NOT NULL,
    active         INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX webhooks_namespace ON webhooks(namespace, service_id);

CREATE TABLE webhook_deliveries (
    id                TEXT    NOT NULL PRIMARY KEY,
    webhook_id        TEXT    NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event             TEXT    NOT NULL,
    body              TEXT    NOT NULL,
    attempt           INTEGER NOT NULL,
    first_attempt_at  INTEGER NOT NULL,
    next_attempt_at   INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    last_status_code  INTEGER,
    last_error        TEXT,
    completed_at      INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, first_attempt_at);

CREATE TABLE usage_events (
    event_id     TEXT    NOT NULL PRIMARY KEY,
    namespace    TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    public_key   TEXT    NOT NULL,
    subject      TEXT,
    agent_id     TEXT,
    outcome      TEXT    NOT NULL,
    status_code  INTEGER,
    duration_ms  INTEGER,
    method       TEXT,
    path         TEXT,
    node_id      TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX usage_events_namespace ON usage_events(namespace, created_at);

CREATE TABLE checkpoints (
    node_id      TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    namespace    TEXT    NOT NULL,
    head         TEXT    NOT NULL,
    json         TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (node_id, seq)
);
CREATE INDEX checkpoints_namespace ON checkpoints(namespace, node_id);

CREATE TABLE owner_sessions (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    owner_id     TEXT    NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    namespace    TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    consumed_at  INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX owner_sessions_owner ON owner_sessions(owner_id);

CREATE TABLE signing_keys (
    kid          TEXT    NOT NULL PRIMARY KEY,
    public_key   BLOB    NOT NULL,
    sealed_seed  BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    retired_at   INTEGER
);
