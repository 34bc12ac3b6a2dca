using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Hosting;

/// <summary>Log messages of the gateway host (source-generated).</summary>
internal static partial class GatewayHostLog
{
    [LoggerMessage(EventId = 4901, Level = LogLevel.Information, Message = "Gateway posture: {Posture}")]
    public static partial void Posture(ILogger logger, string posture);

    // Root or the agent's own user is allowed (dev `sigilum up`), but said loudly (reliability MEM-03).
    [LoggerMessage(EventId = 4902, Level = LogLevel.Warning, Message = "Gateway posture: {Posture}")]
    public static partial void WeakPosture(ILogger logger, string posture);
}
