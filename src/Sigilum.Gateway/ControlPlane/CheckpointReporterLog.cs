using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Log messages of the checkpoint reporter (event ids 4231-4239).</summary>
internal static partial class CheckpointReporterLog
{
    [LoggerMessage(EventId = 4231, Level = LogLevel.Debug, Message = "Audit checkpoint seq {Seq} witnessed by the control plane (duplicate: {Duplicate}).")]
    public static partial void Witnessed(ILogger logger, long seq, bool duplicate);

    [LoggerMessage(EventId = 4232, Level = LogLevel.Warning, Message = "Audit checkpoint seq {Seq} could not be sent ({Reason}); retrying in {Delay}.")]
    public static partial void Retrying(ILogger logger, long seq, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4233, Level = LogLevel.Error, Message = "The control plane refused audit checkpoint seq {Seq}: HTTP {Status} {Code}. A regression or conflict means this log is not the one it witnessed before.")]
    public static partial void Refused(ILogger logger, long seq, int status, string? code);

    [LoggerMessage(EventId = 4234, Level = LogLevel.Information, Message = "No gateway node id is configured: audit checkpoints are signed and kept locally but not sent to the witness.")]
    public static partial void Disabled(ILogger logger);
}
