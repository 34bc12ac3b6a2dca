using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The connection errors (spec §3.3: not found 404, exists 409, everything else 400). Sigilum sends
/// these without a code; we add stable codes (docs/errors.md) so clients can branch without parsing text.
/// Messages name fields and ids, never secret values.
/// </summary>
internal static class ConnectionErrors
{

    /// <summary>Bad input on an admin route.</summary>
    public static GatewayError Invalid(string message) => GatewayError.Of(ErrorCatalogue.ConnectionInvalid, message);

    public static GatewayError NotFound(string id) => GatewayError.Of(ErrorCatalogue.ConnectionNotFound, $"connection \"{id}\" not found");

    public static GatewayError Exists(string id) => GatewayError.Of(ErrorCatalogue.ConnectionExists, $"connection \"{id}\" already exists");

    /// <summary>The connection exists but cannot be used now (disabled, missing secret, unset variable).</summary>
    public static GatewayError Unusable(string message) => GatewayError.Of(ErrorCatalogue.ConnectionUnusable, message);

    /// <summary>Another admin rotated the connection between our read and our write; retry.</summary>
    public static GatewayError Conflict(string id) =>
        GatewayError.Of(ErrorCatalogue.ConnectionConflict, $"connection \"{id}\" was rotated concurrently; read it again and retry");

    /// <summary>The sealed secret does not open: wrong master key or tampered data (reliability STO-12). Fail closed.</summary>
    public static GatewayError SecretUnreadable(string id) =>
        GatewayError.Of(ErrorCatalogue.ConnectionSecretUnreadable, $"the secrets of connection \"{id}\" cannot be decrypted with this gateway's master key");

    public static GatewayError RotationRequired(string id, DateTimeOffset due) =>
        GatewayError.Of(ErrorCatalogue.RotationRequired, $"connection \"{id}\" secret rotation is overdue (due {RotationState.Format(due)})");

    public static GatewayError InvalidJson() => GatewayError.Of(ErrorCatalogue.InvalidJson, "request body is not valid JSON");

    public static GatewayError BodyTooLarge(int limit) =>
        GatewayError.Of(ErrorCatalogue.RequestBodyTooLarge, $"request body exceeds {limit} bytes");

    public static GatewayError VariableNotFound(string key) =>
        GatewayError.Of(ErrorCatalogue.CredentialVariableNotFound, $"credential variable \"{key}\" not found");

    /// <summary>A <c>{{backend:NAME:REF}}</c> fetch did not finish within the budget: nothing is forwarded.</summary>
    public static GatewayError BackendTimeout(string connectionId, string backend) =>
        GatewayError.Of(ErrorCatalogue.BackendTimeout, $"connection \"{connectionId}\": backend \"{backend}\" did not answer in time");

    /// <summary>
    /// A backend fetch failed (auth, not found, throttled, unavailable, malformed): the backend's catalogued code
    /// (e.g. <c>BACKEND_THROTTLED</c>, 502), the same the vault answers with. The message is the backend error's fixed
    /// agent text: the operator's detail names the reference (variable, path, ARN, URL), which an agent must not learn.
    /// </summary>
    public static GatewayError BackendFailed(string connectionId, Sigilum.Backends.BackendError error) =>
        GatewayError.Of(
            error.Kind == Sigilum.Backends.BackendErrorKind.Timeout ? ErrorCatalogue.BackendTimeout : ErrorCatalogue.Find(error.Code)?.Code ?? ErrorCatalogue.BackendError,
            $"connection \"{connectionId}\": {error.AgentMessage}");

    public static GatewayError CatalogInvalid(string message) => GatewayError.Of(ErrorCatalogue.ServiceCatalogInvalid, message);
}
