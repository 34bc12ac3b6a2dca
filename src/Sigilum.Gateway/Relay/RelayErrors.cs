namespace Sigilum.Gateway.Relay;

/// <summary>Codes of the gateway relay dispatcher's own refusals (docs/errors.md).</summary>
internal static class RelayErrors
{
    public const string PathNotAllowed = "RELAY_PATH_NOT_ALLOWED";
    public const string SealedSecretInvalid = Sigilum.Protocol.Sealing.SealedSecret.InvalidCode;
    public const string DispatchTimeout = "GATEWAY_DISPATCH_TIMEOUT";
    public const string DispatchFailed = "GATEWAY_DISPATCH_FAILED";
}
