using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The stored discovery on the wire (spec §3.7): <c>{server, tools, last_discovered_at, last_discovery_error}</c>; times
/// in UTC like every other admin view, absent values omitted.
/// </summary>
internal sealed record McpDiscoveryView
{
    public McpServerInfoView? Server { get; init; }

    public required IReadOnlyList<McpToolView> Tools { get; init; }

    public DateTime? LastDiscoveredAt { get; init; }

    public string? LastDiscoveryError { get; init; }

    public static McpDiscoveryView From(McpDiscovery discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        return new()
        {
            Server = discovery.Server is { } server ? new McpServerInfoView(server.Name, server.Version, server.ProtocolVersion) : null,
            Tools = [.. discovery.Tools.Select(McpToolView.From)],
            LastDiscoveredAt = discovery.LastDiscoveredAt?.UtcDateTime,
            LastDiscoveryError = discovery.LastDiscoveryError,
        };
    }
}
