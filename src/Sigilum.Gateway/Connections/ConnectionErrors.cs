using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The connection errors (spec §3.3: not found 404, exists 409, everything else 400). Sigilum sends
/// these without a code; we add stable codes (docs/errors.md) so clients can branch without parsing text.
/// Messages name fields and ids, never secret values.
/// </summary>
internal static class ConnectionErrors
{
    public const string InvalidCode = "CONNECTION_INVALID";
    public const string NotFoundCode = "CONNECTION_NOT_FOUND";
    public const string ExistsCode = "CONNECTION_EXISTS";
    public const string UnusableCode = "CONNECTION_UNUSABLE";
    public const string ConflictCode = "CONNECTION_CONFLICT";
    public const string SecretUnreadableCode = "CONNECTION_SECRET_UNREADABLE";
    public const string RotationRequiredCode = "ROTATION_REQUIRED";
    public const string InvalidJsonCode = "INVALID_JSON";
    public const string VariableNotFoundCode = "CREDENTIAL_VARIABLE_NOT_FOUND";
    public const string CatalogInvalidCode = "SERVICE_CATALOG_INVALID";
    public const string BackendTimeoutCode = "BACKEND_TIMEOUT";

    /// <summary>Bad input on an admin route.</summary>
    public static GatewayError Invalid(string message) => new(StatusCodes.Status400BadRequest, InvalidCode, message);

    public static GatewayError NotFound(string id) => new(StatusCodes.Status404NotFound, NotFoundCode, $"connection \"{id}\" not found");

    public static GatewayError Exists(string id) => new(StatusCodes.Status409Conflict, ExistsCode, $"connection \"{id}\" already exists");

    /// <summary>The connection exists but cannot be used now (disabled, missing secret, unset variable).</summary>
    public static GatewayError Unusable(string message) => new(StatusCodes.Status400BadRequest, UnusableCode, message);

    /// <summary>Another admin rotated the connection between our read and our write; retry.</summary>
    public static GatewayError Conflict(string id) =>
        new(StatusCodes.Status409Conflict, ConflictCode, $"connection \"{id}\" was rotated concurrently; read it again and retry");

    /// <summary>The sealed secret does not open: wrong master key or tampered data (reliability STO-12). Fail closed.</summary>
    public static GatewayError SecretUnreadable(string id) =>
        new(StatusCodes.Status500InternalServerError, SecretUnreadableCode, $"the secrets of connection \"{id}\" cannot be decrypted with this gateway's master key");

    public static GatewayError RotationRequired(string id, DateTimeOffset due) =>
        new(StatusCodes.Status403Forbidden, RotationRequiredCode, $"connection \"{id}\" secret rotation is overdue (due {RotationState.Format(due)})");

    public static GatewayError InvalidJson() => new(StatusCodes.Status400BadRequest, InvalidJsonCode, "request body is not valid JSON");

    public static GatewayError BodyTooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, GatewayErrorCodes.RequestBodyTooLarge, $"request body exceeds {limit} bytes");

    public static GatewayError VariableNotFound(string key) =>
        new(StatusCodes.Status404NotFound, VariableNotFoundCode, $"credential variable \"{key}\" not found");

    /// <summary>A <c>{{backend:NAME:REF}}</c> fetch did not finish within the budget: nothing is forwarded.</summary>
    public static GatewayError BackendTimeout(string connectionId, string backend) =>
        new(StatusCodes.Status504GatewayTimeout, BackendTimeoutCode, $"connection \"{connectionId}\": backend \"{backend}\" did not answer in time");

    /// <summary>
    /// A backend fetch failed (auth, not found, throttled, unavailable, malformed): 502 with the backend's
    /// stable code in upper case (e.g. <c>BACKEND_THROTTLED</c>). The message is the backend error's fixed agent
    /// text: the operator's detail names the reference (variable, path, ARN, URL), which an agent must not learn.
    /// </summary>
    public static GatewayError BackendFailed(string connectionId, Sigilum.Backends.BackendError error) =>
        error.Kind == Sigilum.Backends.BackendErrorKind.Timeout
            ? new(StatusCodes.Status504GatewayTimeout, BackendTimeoutCode, $"connection \"{connectionId}\": {error.AgentMessage}")
            : new(StatusCodes.Status502BadGateway, error.Code.ToUpperInvariant(), $"connection \"{connectionId}\": {error.AgentMessage}");

    public static GatewayError CatalogInvalid(string message) => new(StatusCodes.Status400BadRequest, CatalogInvalidCode, message);
}
