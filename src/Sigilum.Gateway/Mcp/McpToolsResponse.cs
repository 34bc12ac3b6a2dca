using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary><c>GET /mcp/{id}/tools</c> (spec §3.10): the tools this subject may use, in discovered order.</summary>
internal sealed record McpToolsResponse(string ConnectionId, string Subject, string DiscoveryCacheStatus, IReadOnlyList<McpToolView> Tools);
