using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// Where and how to reach one MCP connection's server. <see cref="Endpoint"/> is the resolved endpoint (spec
/// §3.10: absolute <c>mcp_endpoint</c>, or base URL + path prefix joined with the relative endpoint, endpoint
/// query merged) and holds no credential: <see cref="Header"/> or <see cref="QueryParameter"/> is added when a
/// request is sent and never logged. The secret buffers belong to the <see cref="ConnectionResolution"/> the
/// target was made from; the caller keeps it alive (undisposed) until the upstream call returns.
/// </summary>
internal sealed record McpUpstreamTarget(
    string ConnectionId,
    Uri Endpoint,
    string Transport,
    string AuthMode,
    InjectedHeader? Header,
    InjectedQueryParameter? QueryParameter)
{
    /// <summary>The circuit breaker's and session cache's key: <c>conn:&lt;id&gt;\0&lt;endpoint&gt;</c>.</summary>
    public string UpstreamKey => "conn:" + ConnectionId + "\0" + Endpoint.AbsoluteUri;
}
