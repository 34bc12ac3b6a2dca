using System.Text.Json;

namespace Sigilum.Gateway.Mcp;

/// <summary><c>POST /mcp/{id}/tools/{tool}/call</c> (spec §3.10): the server's raw JSON-RPC <c>result</c>, also when it says <c>isError</c>.</summary>
internal sealed record McpCallResponse(string ConnectionId, string Tool, string DiscoveryCacheStatus, JsonElement Result);
