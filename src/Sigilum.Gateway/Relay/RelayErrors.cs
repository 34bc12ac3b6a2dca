using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Relay;

/// <summary>Codes of the gateway relay dispatcher's own refusals (docs/errors.md).</summary>
internal static class RelayErrors
{
    public const string PathNotAllowed = ErrorCatalogue.RelayPathNotAllowed;
    public const string SealedSecretInvalid = Sigilum.Protocol.Sealing.SealedSecret.InvalidCode;
    public const string DispatchTimeout = ErrorCatalogue.GatewayDispatchTimeout;
    public const string DispatchFailed = ErrorCatalogue.GatewayDispatchFailed;
}
