-- MCP connections (spec §3.7, §3.10; docs/decisions/0041-mcp-discovery-cache-and-state.md). The tool policy, the
-- per-subject policies and the last discovery are JSON text: read and written whole, never queried inside.
-- All null for http connections.
ALTER TABLE gateway_connections ADD COLUMN mcp_transport TEXT;
ALTER TABLE gateway_connections ADD COLUMN mcp_endpoint TEXT;
ALTER TABLE gateway_connections ADD COLUMN mcp_tool_policy TEXT;
ALTER TABLE gateway_connections ADD COLUMN mcp_subject_tool_policies TEXT;
ALTER TABLE gateway_connections ADD COLUMN mcp_discovery TEXT;
