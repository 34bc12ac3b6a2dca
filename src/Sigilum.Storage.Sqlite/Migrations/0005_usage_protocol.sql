-- The protocol (http or mcp) and action (proxy, mcp_list, mcp_explain[:tool], mcp_call:<tool>) of a usage event
-- (spec §3.12), so the activity page can show MCP tool calls by tool and filter by protocol. Null in rows reported
-- before: those were HTTP proxy requests. Never arguments or results: a tool name only.
ALTER TABLE usage_events ADD COLUMN protocol TEXT;
ALTER TABLE usage_events ADD COLUMN action TEXT;
