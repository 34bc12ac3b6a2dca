-- The database's monotonic generation (reliability STO-15, docs/decisions/0023-audit-first-and-store-generation.md).
-- One row; each data-plane start and stop raises it and writes the new value into the node's audit chain, so a
-- database restored from an older backup is recognised by its older generation.
CREATE TABLE store_generation (
    id          INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    generation  BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
