-- The delegation chain in the gateway's audit records (docs/decisions/0062-the-delegation-chain-in-audit-records.md): who
-- approved a claim, as <method>:<owner id> (never a token). Null for claims approved before this migration: read as unknown.
ALTER TABLE claims ADD COLUMN approved_by text NULL;
