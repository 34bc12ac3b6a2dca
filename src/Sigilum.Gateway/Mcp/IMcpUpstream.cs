using System.Text.Json;
using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The gateway's client of an MCP server (spec §3.10): sessions, the credential injected at send time,
/// SSE or JSON replies, the response bound, retries of transient failures and the circuit breaker all live
/// behind it. Callers (discovery cache, tool routes, admin discover) see values, never exceptions.
/// </summary>
internal interface IMcpUpstream
{
    /// <summary>
    /// <c>initialize</c> (when no session is known) and <c>tools/list</c> (first page): the server and its tools,
    /// trimmed, de-duplicated, sorted by name, input schemas compacted to JSON strings, stamped with the time.
    /// Fails with 502 <c>MCP_DISCOVERY_FAILED</c> or 503 <c>MCP_CIRCUIT_OPEN</c>.
    /// </summary>
    Task<McpOutcome<McpDiscovery>> DiscoverAsync(McpUpstreamTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// <c>tools/call {name, arguments}</c>: the raw JSON-RPC <c>result</c> (a detached clone), also when it says
    /// <c>isError</c>. Fails with 502 <c>MCP_TOOL_CALL_FAILED</c> or 503 <c>MCP_CIRCUIT_OPEN</c>.
    /// </summary>
    Task<McpOutcome<JsonElement>> CallToolAsync(McpUpstreamTarget target, string tool, JsonElement arguments, CancellationToken cancellationToken);
}
