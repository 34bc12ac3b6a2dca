-- Passkeys for the dashboard owner (ADR 0056): WebAuthn credentials per owner (public key, counter, transports,
-- name), the pending ceremonies' challenges (single use, short-lived, keyed by the hash of a token only the browser
-- that started the ceremony holds), and a namespace's "require a passkey" setting.
CREATE TABLE owner_passkeys (
    credential_id  TEXT    NOT NULL PRIMARY KEY,
    owner_id       TEXT    NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    namespace      TEXT    NOT NULL,
    public_key     BLOB    NOT NULL,
    user_handle    BLOB    NOT NULL,
    sign_count     INTEGER NOT NULL,
    transports     TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER
);
CREATE INDEX owner_passkeys_owner ON owner_passkeys(owner_id);

CREATE TABLE passkey_challenges (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    ceremony      TEXT    NOT NULL,
    session_hash  TEXT    NOT NULL,
    owner_id      TEXT,
    options_json  TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    consumed_at   INTEGER
);
CREATE INDEX passkey_challenges_expires ON passkey_challenges(expires_at);

CREATE TABLE namespace_passkey_policy (
    namespace        TEXT    NOT NULL PRIMARY KEY REFERENCES namespaces(name) ON DELETE CASCADE,
    require_passkey  INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
