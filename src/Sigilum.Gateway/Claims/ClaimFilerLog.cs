using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Claims;

/// <summary>Log messages of auto-claim filing (event ids 4201-4209). Never the service key.</summary>
internal static partial class ClaimFilerLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Claim filed for connection {Connection}: {Outcome} (HTTP {Status}, state {State}, code {Code}).")]
    public static partial void Filed(ILogger logger, string connection, string outcome, int? status, string? state, string? code);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Claim filing for connection {Connection} failed: {Outcome} ({Reason}).")]
    public static partial void Failed(ILogger logger, string connection, string outcome, string reason);
}
