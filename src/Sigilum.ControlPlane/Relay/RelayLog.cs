namespace Sigilum.ControlPlane.Relay;

/// <summary>Relay log lines: ids, methods and paths only, never bodies (they may carry sealed secrets).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Relay stream of gateway {NodeId} ({Namespace}) opened.")]
    public static partial void Attached(ILogger logger, string nodeId, string @namespace);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Relay stream of gateway {NodeId} ({Namespace}) closed.")]
    public static partial void Detached(ILogger logger, string nodeId, string @namespace);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Relay command {RequestId} to gateway {NodeId}: {Method} {Path}.")]
    public static partial void Sent(ILogger logger, string requestId, string nodeId, string method, string path);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Relay command {RequestId} to gateway {NodeId} timed out.")]
    public static partial void TimedOut(ILogger logger, string requestId, string nodeId);
}
