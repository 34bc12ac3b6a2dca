namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// The gateway's error codes, kept from Sigilum's gateway where they exist (spec §3.3) so agents written
/// against it keep working; each is documented in docs/errors.md.
/// </summary>
public static class GatewayErrorCodes
{
    public const string UpstreamError = "UPSTREAM_ERROR";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string RequestBodyTooLarge = "REQUEST_BODY_TOO_LARGE";
    public const string ClaimRequired = "AUTH_CLAIM_REQUIRED";
    public const string ClaimsUnavailable = "AUTH_CLAIMS_UNAVAILABLE";
}
