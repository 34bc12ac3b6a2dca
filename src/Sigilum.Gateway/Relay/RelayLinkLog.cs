using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Relay;

/// <summary>Relay log lines: ids, methods, paths and statuses; never bodies.</summary>
internal static partial class RelayLinkLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Relay stream connected to {Url}.")]
    public static partial void Connected(ILogger logger, Uri url);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Relay stream lost ({Reason}); retrying in {Delay}.")]
    public static partial void Lost(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Relayed {Method} {Path} ({RequestId}): {Status} {Error}.")]
    public static partial void Dispatched(ILogger logger, string? method, string? path, string requestId, int status, string? error);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "The answer to relayed command {RequestId} could not be delivered: {Reason}.")]
    public static partial void AnswerLost(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "Relay {State}.")]
    public static partial void Switched(ILogger logger, string state);
}
