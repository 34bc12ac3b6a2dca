-- Hold-and-approve (docs/decisions/0055-hold-the-request-while-the-owner-decides.md): how long the gateway may hold an
-- unapproved agent's request while the owner decides. 0 = off (the default for every existing connection).
ALTER TABLE gateway_connections ADD COLUMN hold_seconds integer NOT NULL DEFAULT 0;
