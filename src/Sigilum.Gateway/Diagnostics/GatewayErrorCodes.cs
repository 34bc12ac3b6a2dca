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

    // Claims, control-plane link and audit (docs/gateway-claims-and-audit.md).

    /// <summary>429: auto-claim filings over the per-minute limit for connection|namespace (spec §3.3).</summary>
    public const string ClaimSubmitRateLimited = "AUTH_CLAIM_SUBMIT_RATE_LIMITED";

    /// <summary>503: the audit record of a credential release could not be written, so nothing is released.</summary>
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
}
