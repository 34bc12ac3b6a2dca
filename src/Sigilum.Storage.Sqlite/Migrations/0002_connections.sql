-- Gateway connections (spec §3.7), kept in the shared store so gateways can scale out
-- (docs/decisions/0006-connections-in-the-shared-store.md). Secret values are sealed by the gateway
-- (AES-256-GCM) before they reach this schema; nothing here is plaintext.

CREATE TABLE gateway_connections (
    id                     TEXT    NOT NULL PRIMARY KEY,
    name                   TEXT    NOT NULL,
    protocol               TEXT    NOT NULL,
    base_url               TEXT    NOT NULL,
    path_prefix            TEXT    NOT NULL,
    auth_mode              TEXT    NOT NULL,
    auth_header_name       TEXT    NOT NULL,
    auth_prefix            TEXT    NOT NULL,
    auth_secret_key        TEXT    NOT NULL,
    credential_keys        TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    last_tested_at         INTEGER,
    last_test_status       TEXT,
    last_test_http_status  INTEGER,
    last_test_error        TEXT,
    last_rotated_at        INTEGER,
    rotation_interval_days INTEGER,
    next_rotation_due_at   INTEGER,
    secret_version         INTEGER NOT NULL,
    rotated_by             TEXT,
    rotation_reason        TEXT
);

-- Every version is kept until the connection is deleted; (connection_id, version) being the key is
-- what makes two concurrent rotations to the same version fail instead of both landing.
CREATE TABLE gateway_connection_secrets (
    connection_id  TEXT    NOT NULL REFERENCES gateway_connections(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    sealed         BLOB    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (connection_id, version)
);

CREATE TABLE gateway_credential_variables (
    key                 TEXT    NOT NULL PRIMARY KEY,
    sealed_value        BLOB    NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    created_by_subject  TEXT
);

-- Keyed by connection id without a foreign key: a key may be set before its connection exists
-- (as Sigilum's per-id key files can).
CREATE TABLE gateway_service_keys (
    connection_id  TEXT    NOT NULL PRIMARY KEY,
    sealed_key     BLOB    NOT NULL,
    updated_at     INTEGER NOT NULL
);
