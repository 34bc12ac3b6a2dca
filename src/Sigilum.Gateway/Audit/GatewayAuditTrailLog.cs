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

    [LoggerMessage(EventId = 4224, Level = LogLevel.Warning, Message = "Audit log in {Directory} reopened by an operator at seq {Seq}; releases resume.")]
    public static partial void Reopened(ILogger logger, string directory, long seq);

    [LoggerMessage(EventId = 4225, Level = LogLevel.Information, Message = "Store generation raised to {Generation} and recorded in the audit log.")]
    public static partial void GenerationAdvanced(ILogger logger, long generation);

    [LoggerMessage(EventId = 4226, Level = LogLevel.Critical, Message = "STORE_ROLLBACK_DETECTED: the database is at store generation {DatabaseGeneration}, the audit log recorded {AuditedGeneration}; refusing to start (confirm with --accept-store-rollback).")]
    public static partial void RollbackDetected(ILogger logger, long databaseGeneration, long auditedGeneration);

    [LoggerMessage(EventId = 4227, Level = LogLevel.Warning, Message = "The store generation was not raised at stop ({Reason}); the next start checks again.")]
    public static partial void GenerationNotAdvanced(ILogger logger, string reason);
}
