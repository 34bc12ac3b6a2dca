namespace Sigilum.Core.Connections;

/// <summary>
/// The last discovery of an MCP connection (spec §3.10), stored inside the connection record: the server,
/// its tools (name-sorted, de-duplicated), when they were listed, and the last refresh error if a later
/// refresh failed (stale-if-error keeps serving the tools). Wire: <c>mcp_discovery{server, tools,
/// last_discovered_at, last_discovery_error}</c>.
/// </summary>
public sealed record McpDiscovery
{
    public McpServerInfo? Server { get; init; }

    public IReadOnlyList<McpTool> Tools { get; init; } = [];

    public DateTimeOffset? LastDiscoveredAt { get; init; }

    public string? LastDiscoveryError { get; init; }
}
