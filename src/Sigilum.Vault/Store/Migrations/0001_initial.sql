-- sigil-vault configuration store (issue 6 item 1). Secrets are never stored here: routes name a
-- backend and a reference; agent tokens are stored as SHA-256 hashes.
CREATE TABLE settings (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
);
-- One row; bumped by every change so a running proxy reloads its snapshot on the next request.
CREATE TABLE config_version (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
    version  INTEGER NOT NULL
);
INSERT INTO config_version(id, version) VALUES (0, 1);
CREATE TABLE trust_anchors (
    kid          TEXT    NOT NULL PRIMARY KEY,
    fingerprint  TEXT    NOT NULL,
    issuer       TEXT    NOT NULL,
    jwk          TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE TABLE agents (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE TABLE backends (
    name        TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    options     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE routes (
    id                     TEXT    NOT NULL PRIMARY KEY,
    seq                    INTEGER NOT NULL,
    agent_id               TEXT    NOT NULL REFERENCES agents(id),
    host                   TEXT    NOT NULL,
    path                   TEXT    NOT NULL,
    backend                TEXT    NOT NULL REFERENCES backends(name),
    secret                 TEXT    NOT NULL,
    headers                TEXT    NOT NULL,
    query                  TEXT,
    allow_private_network  INTEGER NOT NULL,
    created_at             INTEGER NOT NULL
);
