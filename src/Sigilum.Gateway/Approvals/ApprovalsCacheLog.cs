using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Approvals;

/// <summary>Log messages of the approvals cache (source-generated, no allocation when disabled).</summary>
internal static partial class ApprovalsCacheLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Approvals stream connected to {Url} (resuming after {LastEventId}).")]
    public static partial void Connected(ILogger logger, Uri url, long? lastEventId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Approvals stream refused: HTTP {StatusCode}; retrying in {Delay}.")]
    public static partial void Refused(ILogger logger, int statusCode, TimeSpan delay);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Approvals stream lost ({Reason}); retrying in {Delay}.")]
    public static partial void Lost(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Approvals snapshot applied: {Count} approved claims at {Seq}.")]
    public static partial void Snapshot(ILogger logger, int count, long seq);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "The control plane refused the acknowledgement of stream position {Seq}: HTTP {StatusCode}; revocations show this gateway as not confirmed.")]
    public static partial void AckRefused(ILogger logger, long seq, int statusCode);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Could not acknowledge stream position {Seq} ({Reason}); revocations show this gateway as not confirmed.")]
    public static partial void AckFailed(ILogger logger, long seq, string reason);
}
