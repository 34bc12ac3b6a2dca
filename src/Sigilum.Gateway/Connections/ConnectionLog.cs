using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Connections;

/// <summary>Log messages of the connections feature (source-generated). Ids, modes and outcomes only; never a secret value.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Connection {ConnectionId} {Action}.")]
    public static partial void Changed(ILogger logger, string connectionId, string action);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Connection {ConnectionId} secret version {Version} does not open with this gateway's master key (wrong key or tampered data).")]
    public static partial void SecretUnreadable(ILogger logger, string connectionId, int version);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Connection {ConnectionId} secret rotation is overdue (due {Due}); enforcement {Enforcement}.")]
    public static partial void RotationOverdue(ILogger logger, string connectionId, DateTimeOffset due, RotationEnforcement enforcement);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Service API key refresh failed ({Reason}); keeping the previous keys.")]
    public static partial void ServiceKeyRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "Connection {ConnectionId} test: {Status} (HTTP {HttpStatus}).")]
    public static partial void Tested(ILogger logger, string connectionId, string status, int? httpStatus);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error, Message = "Credential variable {Key} does not open with this gateway's master key (wrong key or tampered data).")]
    public static partial void VariableUnreadable(ILogger logger, string key);

    [LoggerMessage(EventId = 4308, Level = LogLevel.Information, Message = "Credential variable {Key} {Action}.")]
    public static partial void VariableChanged(ILogger logger, string key, string action);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Information, Message = "Service catalogue written with the built-in templates to {Path}.")]
    public static partial void CatalogCreated(ILogger logger, string path);

    // The detail names the reference, variable or file that failed (never a secret, see BackendError): it is for the
    // operator only; the agent gets the fixed text of the code (BackendError.AgentMessage).
    [LoggerMessage(EventId = 4309, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: fetching its secret from backend {Backend} failed ({Code}: {Detail}); nothing forwarded.")]
    public static partial void BackendFetchFailed(ILogger logger, string connectionId, string backend, string code, string detail);
}
