using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Mcp;

/// <summary>Log messages of the gateway's MCP routes and discovery (source-generated). Ids, codes and counts; never a credential or tool arguments.</summary>
internal static partial class McpLog
{
    [LoggerMessage(EventId = 4651, Level = LogLevel.Information, Message = "MCP connection {ConnectionId}: discovered {ToolCount} tools ({Source}).")]
    public static partial void Discovered(ILogger logger, string connectionId, int toolCount, string source);

    [LoggerMessage(EventId = 4652, Level = LogLevel.Warning, Message = "MCP connection {ConnectionId}: discovery failed ({Code}: {Reason}).")]
    public static partial void DiscoveryFailed(ILogger logger, string connectionId, string? code, string reason);

    [LoggerMessage(EventId = 4653, Level = LogLevel.Information, Message = "MCP connection {ConnectionId}: pre-warm skipped, {Running} discoveries already running.")]
    public static partial void PrewarmSkipped(ILogger logger, string connectionId, int running);

    [LoggerMessage(EventId = 4654, Level = LogLevel.Warning, Message = "MCP connection {ConnectionId}: pre-warm discovery did not finish ({Reason}); the first request discovers.")]
    public static partial void PrewarmFailed(ILogger logger, string connectionId, string reason);
}
