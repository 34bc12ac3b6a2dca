using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Log messages of the MCP client (event ids 4601-4609; next free 4606). Connection ids, operations, failure kinds
/// and statuses only: never the credential, the endpoint's query, the session id, tool arguments or server text.
/// </summary>
internal static partial class McpUpstreamLog
{
    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "MCP connection {ConnectionId}: {Operation} failed ({Kind}) after {Attempts} attempt(s).")]
    public static partial void CallFailed(ILogger logger, string connectionId, string operation, McpFailureKind kind, int attempts);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "MCP connection {ConnectionId}: the server lost the session; initialising a new one.")]
    public static partial void SessionLost(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Debug, Message = "MCP connection {ConnectionId}: {Operation} attempt {Attempt} failed ({Kind}); retrying.")]
    public static partial void Retrying(ILogger logger, string connectionId, string operation, int attempt, McpFailureKind kind);

    [LoggerMessage(EventId = 4604, Level = LogLevel.Debug, Message = "MCP connection {ConnectionId}: circuit open, {Operation} refused without a request.")]
    public static partial void CircuitOpen(ILogger logger, string connectionId, string operation);

    [LoggerMessage(EventId = 4605, Level = LogLevel.Warning, Message = "MCP connection {ConnectionId}: the {Operation} answer contained the connection's credential; it was redacted before reaching the agent.")]
    public static partial void CredentialEchoed(ILogger logger, string connectionId, string operation);
}
