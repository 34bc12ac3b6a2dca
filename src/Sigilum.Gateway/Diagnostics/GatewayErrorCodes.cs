namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// The gateway's error codes, kept from Sigilum's gateway where they exist (spec §3.3) so agents written
/// against it keep working; each is documented in docs/errors.md.
/// </summary>
public static class GatewayErrorCodes
{
    public const string HeadersInvalid = "AUTH_HEADERS_INVALID";
    public const string SignatureInvalid = "AUTH_SIGNATURE_INVALID";
    public const string SignedComponentsInvalid = "AUTH_SIGNED_COMPONENTS_INVALID";
    public const string IdentityInvalid = "AUTH_IDENTITY_INVALID";
    public const string NonceInvalid = "AUTH_NONCE_INVALID";
    public const string ReplayDetected = "AUTH_REPLAY_DETECTED";
    public const string ReplayStoreUnavailable = "AUTH_REPLAY_STORE_UNAVAILABLE";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotFound = "NOT_FOUND";
    public const string UpstreamError = "UPSTREAM_ERROR";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string RequestBodyTooLarge = "REQUEST_BODY_TOO_LARGE";
    public const string ClaimRequired = "AUTH_CLAIM_REQUIRED";
    public const string ClaimsUnavailable = "AUTH_CLAIMS_UNAVAILABLE";
}
