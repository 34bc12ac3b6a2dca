-- Gateway connections (spec §3.7), kept in the shared store so several gateway instances serve the
-- same connections (docs/decisions/0006-connections-in-the-shared-store.md). Secret values are sealed
-- by the gateway (AES-256-GCM) before they reach this schema; nothing here is plaintext.

CREATE TABLE gateway_connections (
    id                     text        NOT NULL PRIMARY KEY,
    name                   text        NOT NULL,
    protocol               text        NOT NULL,
    base_url               text        NOT NULL,
    path_prefix            text        NOT NULL,
    auth_mode              text        NOT NULL,
    auth_header_name       text        NOT NULL,
    auth_prefix            text        NOT NULL,
    auth_secret_key        text        NOT NULL,
    credential_keys        text[]      NOT NULL,
    status                 text        NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    last_tested_at         timestamptz,
    last_test_status       text,
    last_test_http_status  integer,
    last_test_error        text,
    last_rotated_at        timestamptz,
    rotation_interval_days integer,
    next_rotation_due_at   timestamptz,
    secret_version         integer     NOT NULL,
    rotated_by             text,
    rotation_reason        text
);

-- Every version is kept until the connection is deleted; (connection_id, version) being the key is
-- what makes two concurrent rotations to the same version fail instead of both landing.
CREATE TABLE gateway_connection_secrets (
    connection_id  text        NOT NULL REFERENCES gateway_connections(id) ON DELETE CASCADE,
    version        integer     NOT NULL,
    sealed         bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (connection_id, version)
);

CREATE TABLE gateway_credential_variables (
    key                 text        NOT NULL PRIMARY KEY,
    sealed_value        bytea       NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    created_by_subject  text
);

-- Keyed by connection id without a foreign key: a key may be set before its connection exists
-- (as Sigilum's per-id key files can).
CREATE TABLE gateway_service_keys (
    connection_id  text        NOT NULL PRIMARY KEY,
    sealed_key     bytea       NOT NULL,
    updated_at     timestamptz NOT NULL
);
