-- Passkeys for the dashboard owner (ADR 0056): WebAuthn credentials per owner (public key, counter, transports,
-- name), the pending ceremonies' challenges (single use, short-lived, keyed by the hash of a token only the browser
-- that started the ceremony holds), and a namespace's "require a passkey" setting.
CREATE TABLE owner_passkeys (
    credential_id  text        NOT NULL PRIMARY KEY,
    owner_id       text        NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
    namespace      text        NOT NULL,
    public_key     bytea       NOT NULL,
    user_handle    bytea       NOT NULL,
    sign_count     bigint      NOT NULL,
    transports     text[]      NOT NULL,
    name           text        NOT NULL,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz
);
CREATE INDEX owner_passkeys_owner ON owner_passkeys(owner_id);

CREATE TABLE passkey_challenges (
    token_hash    text        NOT NULL PRIMARY KEY,
    ceremony      text        NOT NULL,
    session_hash  text        NOT NULL,
    owner_id      text,
    options_json  text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    consumed_at   timestamptz
);
CREATE INDEX passkey_challenges_expires ON passkey_challenges(expires_at);

CREATE TABLE namespace_passkey_policy (
    namespace        text        NOT NULL PRIMARY KEY REFERENCES namespaces(name) ON DELETE CASCADE,
    require_passkey  boolean     NOT NULL,
    updated_at       timestamptz NOT NULL
);
