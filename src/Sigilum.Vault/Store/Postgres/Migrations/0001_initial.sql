-- sigil-vault configuration on PostgreSQL (ADR 0068): the tables of the SQLite store (migrations 0001 and 0002 there)
-- with the same columns and meanings, so one set of statements serves both. Times are unix milliseconds (bigint) as
-- in SQLite; flags are 0/1. Text keys sort by code point (COLLATE "C") as SQLite sorts them. Secrets are never
-- stored: routes name a backend and a reference; agent tokens are SHA-256 hashes.
CREATE TABLE settings (
    name   text COLLATE "C" NOT NULL PRIMARY KEY,
    value  text NOT NULL
);
-- One row; every change bumps it and NOTIFYs sigil_vault_config with the new value, at commit, to every instance.
CREATE TABLE config_version (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 0),
    version  bigint  NOT NULL
);
INSERT INTO config_version(id, version) VALUES (0, 1);
CREATE TABLE trust_anchors (
    kid          text COLLATE "C" NOT NULL PRIMARY KEY,
    fingerprint  text   NOT NULL,
    issuer       text   NOT NULL,
    jwk          text   NOT NULL,
    source       text   NOT NULL,
    created_at   bigint NOT NULL
);
CREATE TABLE agents (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    name        text   NOT NULL,
    token_hash  text   NOT NULL UNIQUE,
    created_at  bigint NOT NULL,
    revoked_at  bigint
);
CREATE TABLE backends (
    name        text COLLATE "C" NOT NULL PRIMARY KEY,
    kind        text   NOT NULL,
    options     text   NOT NULL,
    created_at  bigint NOT NULL
);
CREATE TABLE routes (
    id                     text COLLATE "C" NOT NULL PRIMARY KEY,
    seq                    bigint NOT NULL,
    agent_id               text   NOT NULL REFERENCES agents(id),
    host                   text   NOT NULL,
    path                   text   NOT NULL,
    backend                text   NOT NULL REFERENCES backends(name),
    secret                 text   NOT NULL,
    headers                text   NOT NULL,
    query                  text,
    allow_private_network  bigint NOT NULL,
    created_at             bigint NOT NULL,
    scheme                 text   NOT NULL DEFAULT 'https' CHECK (scheme IN ('https', 'http')),
    port                   bigint NOT NULL DEFAULT 443 CHECK (port BETWEEN 1 AND 65535)
);
