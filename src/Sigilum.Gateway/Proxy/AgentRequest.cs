namespace Sigilum.Gateway.Proxy;

/// <summary>
/// One agent request as the shared steps see it: which connection, what the audit record and usage event call it
/// (<see cref="Path"/> without a query, <see cref="Protocol"/> <c>http</c>/<c>mcp</c>, <see cref="Action"/> <c>proxy</c> or
/// <c>mcp_list</c> / <c>mcp_explain</c> / <c>mcp_call:&lt;tool&gt;</c>), from where, and when it started (a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp).
/// </summary>
internal sealed record AgentRequest(string RequestId, string ConnectionId, string Method, string Path, string? RemoteIp, long Started, string Protocol, string Action)
{
    public const string HttpProtocol = "http";
    public const string McpProtocol = "mcp";
    public const string ProxyAction = "proxy";
}
