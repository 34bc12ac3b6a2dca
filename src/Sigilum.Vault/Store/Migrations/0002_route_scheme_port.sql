-- Routes name the upstream scheme and port (issue 12 item 3, docs/decisions/0022). Existing routes
-- keep their meaning for HTTPS on the default port; plain http or another port needs a new route.
ALTER TABLE routes ADD COLUMN scheme TEXT NOT NULL DEFAULT 'https' CHECK (scheme IN ('https', 'http'));
ALTER TABLE routes ADD COLUMN port INTEGER NOT NULL DEFAULT 443 CHECK (port BETWEEN 1 AND 65535);
