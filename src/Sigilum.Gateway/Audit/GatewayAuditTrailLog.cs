using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Audit;

/// <summary>Log messages of the gateway's audit trail (event ids 4221-4229).</summary>
internal static partial class GatewayAuditTrailLog
{
    [LoggerMessage(EventId = 4221, Level = LogLevel.Information, Message = "Audit log open in {Directory} at seq {Seq}.")]
    public static partial void Opened(ILogger logger, string directory, long seq);

    [LoggerMessage(EventId = 4222, Level = LogLevel.Error, Message = "The audit log in {Directory} is unavailable; credential releases are refused until it can be written ({Reason}).")]
    public static partial void Unavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 4223, Level = LogLevel.Warning, Message = "An outcome record could not be written to the audit log ({Reason}).")]
    public static partial void OutcomeLost(ILogger logger, string reason);
}
