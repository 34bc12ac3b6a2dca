-- Placeholder so that 0007 follows without a gap on the hold branch: number 0006 belongs to the passkeys work.
-- When both branches are merged, delete this file and keep passkeys' 0006 (no database outside tests applied it).
SELECT 1;
