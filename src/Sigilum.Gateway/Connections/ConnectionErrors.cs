using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The connection errors (spec §3.3: not found 404, exists 409, everything else 400). Sigilum sends
/// these without a code; we add stable codes (docs/errors.md) so clients can branch without parsing text.
/// Messages name fields and ids, never secret values.
/// </summary>
internal static class ConnectionErrors
{
    public const string InvalidCode = ErrorCatalogue.ConnectionInvalid;
    public const string NotFoundCode = ErrorCatalogue.ConnectionNotFound;
    public const string ExistsCode = ErrorCatalogue.ConnectionExists;
    public const string UnusableCode = ErrorCatalogue.ConnectionUnusable;
    public const string ConflictCode = ErrorCatalogue.ConnectionConflict;
    public const string SecretUnreadableCode = ErrorCatalogue.ConnectionSecretUnreadable;
    public const string RotationRequiredCode = ErrorCatalogue.RotationRequired;
    public const string InvalidJsonCode = ErrorCatalogue.InvalidJson;
    public const string VariableNotFoundCode = ErrorCatalogue.CredentialVariableNotFound;
    public const string CatalogInvalidCode = ErrorCatalogue.ServiceCatalogInvalid;
    public const string BackendTimeoutCode = ErrorCatalogue.BackendTimeout;

    /// <summary>Bad input on an admin route.</summary>
    public static GatewayError Invalid(string message) => GatewayError.Of(InvalidCode, message);

    public static GatewayError NotFound(string id) => GatewayError.Of(NotFoundCode, $"connection \"{id}\" not found");

    public static GatewayError Exists(string id) => GatewayError.Of(ExistsCode, $"connection \"{id}\" already exists");

    /// <summary>The connection exists but cannot be used now (disabled, missing secret, unset variable).</summary>
    public static GatewayError Unusable(string message) => GatewayError.Of(UnusableCode, message);

    /// <summary>Another admin rotated the connection between our read and our write; retry.</summary>
    public static GatewayError Conflict(string id) =>
        GatewayError.Of(ConflictCode, $"connection \"{id}\" was rotated concurrently; read it again and retry");

    /// <summary>The sealed secret does not open: wrong master key or tampered data (reliability STO-12). Fail closed.</summary>
    public static GatewayError SecretUnreadable(string id) =>
        GatewayError.Of(SecretUnreadableCode, $"the secrets of connection \"{id}\" cannot be decrypted with this gateway's master key");

    public static GatewayError RotationRequired(string id, DateTimeOffset due) =>
        GatewayError.Of(RotationRequiredCode, $"connection \"{id}\" secret rotation is overdue (due {RotationState.Format(due)})");

    public static GatewayError InvalidJson() => GatewayError.Of(InvalidJsonCode, "request body is not valid JSON");

    public static GatewayError BodyTooLarge(int limit) =>
        GatewayError.Of(GatewayErrorCodes.RequestBodyTooLarge, $"request body exceeds {limit} bytes");

    public static GatewayError VariableNotFound(string key) =>
        GatewayError.Of(VariableNotFoundCode, $"credential variable \"{key}\" not found");

    /// <summary>A <c>{{backend:NAME:REF}}</c> fetch did not finish within the budget: nothing is forwarded.</summary>
    public static GatewayError BackendTimeout(string connectionId, string backend) =>
        GatewayError.Of(BackendTimeoutCode, $"connection \"{connectionId}\": backend \"{backend}\" did not answer in time");

    /// <summary>
    /// A backend fetch failed (auth, not found, throttled, unavailable, malformed): the backend's catalogued code
    /// (e.g. <c>BACKEND_THROTTLED</c>, 502), the same the vault answers with. The message is the backend error's fixed
    /// agent text: the operator's detail names the reference (variable, path, ARN, URL), which an agent must not learn.
    /// </summary>
    public static GatewayError BackendFailed(string connectionId, Sigilum.Backends.BackendError error) =>
        GatewayError.Of(
            error.Kind == Sigilum.Backends.BackendErrorKind.Timeout ? BackendTimeoutCode : ErrorCatalogue.Find(error.Code)?.Code ?? ErrorCatalogue.BackendError,
            $"connection \"{connectionId}\": {error.AgentMessage}");

    public static GatewayError CatalogInvalid(string message) => GatewayError.Of(CatalogInvalidCode, message);
}
