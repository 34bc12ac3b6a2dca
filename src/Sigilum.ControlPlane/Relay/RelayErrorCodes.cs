using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Relay;

/// <summary>The stable codes of relay failures (docs/errors.md).</summary>
public static class RelayErrorCodes
{
    /// <summary>503: the gateway holds no relay stream to this instance.</summary>
    public const string NotConnected = ErrorCatalogue.GatewayNotConnected;

    /// <summary>504: the gateway did not answer in time.</summary>
    public const string Timeout = ErrorCatalogue.GatewayRelayTimeout;

    /// <summary>502: the stream dropped before the answer came, or the gateway could not dispatch the command.</summary>
    public const string Failed = ErrorCatalogue.GatewayRelayFailed;

    /// <summary>400: the method and path are not on the relay allow-list.</summary>
    public const string PathNotAllowed = ErrorCatalogue.RelayPathNotAllowed;

    /// <summary>400: the body carries a plaintext <c>secrets</c> or <c>value</c> member; only sealed secrets are relayed.</summary>
    public const string PlaintextSecret = ErrorCatalogue.RelayPlaintextSecret;

    /// <summary>400: the body is not a JSON object, so it cannot be checked for plaintext secrets.</summary>
    public const string BodyInvalid = ErrorCatalogue.RelayBodyInvalid;

    /// <summary>400 (from the gateway): a sealed secret did not open with the gateway's key.</summary>
    public const string SealedSecretInvalid = ErrorCatalogue.SealedSecretInvalid;
}
