using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// The gateway's error codes, kept from Sigilum's gateway where they exist (spec §3.3) so agents written
/// against it keep working; each is documented in docs/errors.md.
/// </summary>
public static class GatewayErrorCodes
{
    public const string HeadersInvalid = ErrorCatalogue.AuthHeadersInvalid;
    public const string SignatureInvalid = ErrorCatalogue.AuthSignatureInvalid;
    public const string SignedComponentsInvalid = ErrorCatalogue.AuthSignedComponentsInvalid;
    public const string IdentityInvalid = ErrorCatalogue.AuthIdentityInvalid;
    public const string NonceInvalid = ErrorCatalogue.AuthNonceInvalid;
    public const string ReplayDetected = ErrorCatalogue.AuthReplayDetected;
    public const string ReplayStoreUnavailable = ErrorCatalogue.AuthReplayStoreUnavailable;
    public const string UpstreamError = ErrorCatalogue.UpstreamError;
    public const string UpstreamTimeout = ErrorCatalogue.UpstreamTimeout;
    public const string RequestBodyTooLarge = ErrorCatalogue.RequestBodyTooLarge;
    public const string ClaimRequired = ErrorCatalogue.AuthClaimRequired;
    public const string ClaimsUnavailable = ErrorCatalogue.AuthClaimsUnavailable;

    // Operations (health, fallback routes, admin access; spec §3.1, §3.3, §3.9).
    public const string NotReady = ErrorCatalogue.NotReady;
    public const string MethodNotAllowed = ErrorCatalogue.MethodNotAllowed;
    public const string NotFound = ErrorCatalogue.NotFound;
    public const string AdminTokenNotConfigured = ErrorCatalogue.AdminTokenNotConfigured;
    public const string AdminTokenRequired = ErrorCatalogue.AdminTokenRequired;
    public const string AdminLoopbackRequired = ErrorCatalogue.AdminLoopbackRequired;
    public const string AdminTokenOrLoopbackRequired = ErrorCatalogue.AdminTokenOrLoopbackRequired;

    /// <summary>Ours: loopback admin request whose Host is not a loopback name (DNS rebinding, reliability ADM-02).</summary>
    public const string AdminHostNotAllowed = ErrorCatalogue.AdminHostNotAllowed;

    /// <summary>Ours: admin request from a browser page whose Origin is not allowed (CSRF, reliability ADM-03).</summary>
    public const string AdminOriginNotAllowed = ErrorCatalogue.AdminOriginNotAllowed;

    /// <summary>Ours: 429 after too many wrong admin tokens from one client address (brute force, reliability ADM-04).</summary>
    public const string AdminRateLimited = ErrorCatalogue.AdminRateLimited;

    // Claims, control-plane link and audit (docs/gateway-claims-and-audit.md).

    /// <summary>429: auto-claim filings over the per-minute limit for connection|namespace (spec §3.3).</summary>
    public const string ClaimSubmitRateLimited = ErrorCatalogue.AuthClaimSubmitRateLimited;

    /// <summary>429: the agent key already has the most requests held for approval (ADR 0055).</summary>
    public const string HoldAgentLimit = ErrorCatalogue.AuthHoldAgentLimit;

    /// <summary>429: the gateway already holds the most requests for approval (ADR 0055).</summary>
    public const string HoldGatewayLimit = ErrorCatalogue.AuthHoldGatewayLimit;

    /// <summary>503: the audit record of a credential release could not be written, so nothing is released.</summary>
    public const string AuditUnavailable = ErrorCatalogue.AuditUnavailable;

    /// <summary>The database is older than the audit log records (restored from a backup, reliability STO-15).</summary>
    public const string StoreRollbackDetected = ErrorCatalogue.StoreRollbackDetected;

    // MCP connections (spec §3.10, docs/mcp.md).

    /// <summary>502: discovery refresh failed and no stale tool list is usable.</summary>
    public const string McpDiscoveryFailed = ErrorCatalogue.McpDiscoveryFailed;

    /// <summary>403: the tool is not allowed by the effective policy for the subject, or was never discovered.</summary>
    public const string McpToolForbidden = ErrorCatalogue.McpToolForbidden;

    /// <summary>429: tool calls over the per-minute limit for connection|namespace.</summary>
    public const string McpToolRateLimited = ErrorCatalogue.McpToolRateLimited;

    /// <summary>503: the circuit breaker for this MCP upstream is open after consecutive failures.</summary>
    public const string McpCircuitOpen = ErrorCatalogue.McpCircuitOpen;

    /// <summary>502: the upstream answered a JSON-RPC error, an HTTP error, or something that does not decode.</summary>
    public const string McpToolCallFailed = ErrorCatalogue.McpToolCallFailed;

    /// <summary>400: the <c>refresh</c> query parameter names no discovery mode (spec §3.3).</summary>
    public const string InvalidRefreshMode = ErrorCatalogue.InvalidRefreshMode;
}
