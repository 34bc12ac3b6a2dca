using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Log messages of the usage reporter (event ids 4211-4219): once per failure streak, never secrets.</summary>
internal static partial class UsageReporterLog
{
    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "Usage reports to the control plane are failing ({Reason}); further failures are not logged until one succeeds.")]
    public static partial void Failing(ILogger logger, string reason);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information, Message = "Usage reports reach the control plane again after {Failed} failed attempts.")]
    public static partial void Recovered(ILogger logger, long failed);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "The usage queue is full; the oldest reports are being dropped ({Dropped} so far).")]
    public static partial void Dropping(ILogger logger, long dropped);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Error, Message = "The control plane refused a batch of {Count} usage events (HTTP {Status}, {Code}); the batch is dropped.")]
    public static partial void Refused(ILogger logger, int count, int status, string? code);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning, Message = "Shutting down: {Count} usage events could not be sent ({Reason}).")]
    public static partial void FlushFailed(ILogger logger, int count, string reason);
}
