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
    public const string UpstreamError = "UPSTREAM_ERROR";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string RequestBodyTooLarge = "REQUEST_BODY_TOO_LARGE";
    public const string ClaimRequired = "AUTH_CLAIM_REQUIRED";
    public const string ClaimsUnavailable = "AUTH_CLAIMS_UNAVAILABLE";

    // Operations (health, fallback routes, admin access; spec §3.1, §3.3, §3.9).
    public const string NotReady = "NOT_READY";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotFound = "NOT_FOUND";
    public const string AdminTokenNotConfigured = "ADMIN_TOKEN_NOT_CONFIGURED";
    public const string AdminTokenRequired = "ADMIN_TOKEN_REQUIRED";
    public const string AdminLoopbackRequired = "ADMIN_LOOPBACK_REQUIRED";
    public const string AdminTokenOrLoopbackRequired = "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED";

    /// <summary>Ours: loopback admin request whose Host is not a loopback name (DNS rebinding, reliability ADM-02).</summary>
    public const string AdminHostNotAllowed = "ADMIN_HOST_NOT_ALLOWED";

    /// <summary>Ours: admin request from a browser page whose Origin is not allowed (CSRF, reliability ADM-03).</summary>
    public const string AdminOriginNotAllowed = "ADMIN_ORIGIN_NOT_ALLOWED";

    /// <summary>Ours: 429 after too many wrong admin tokens from one client address (brute force, reliability ADM-04).</summary>
    public const string AdminRateLimited = "ADMIN_RATE_LIMITED";

    // Claims, control-plane link and audit (docs/gateway-claims-and-audit.md).

    /// <summary>429: auto-claim filings over the per-minute limit for connection|namespace (spec §3.3).</summary>
    public const string ClaimSubmitRateLimited = "AUTH_CLAIM_SUBMIT_RATE_LIMITED";

    /// <summary>503: the audit record of a credential release could not be written, so nothing is released.</summary>
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";

    /// <summary>The database is older than the audit log records (restored from a backup, reliability STO-15).</summary>
    public const string StoreRollbackDetected = "STORE_ROLLBACK_DETECTED";

    // MCP connections (spec §3.10, docs/mcp.md).

    /// <summary>502: discovery refresh failed and no stale tool list is usable.</summary>
    public const string McpDiscoveryFailed = "MCP_DISCOVERY_FAILED";

    /// <summary>403: the tool is not allowed by the effective policy for the subject, or was never discovered.</summary>
    public const string McpToolForbidden = "MCP_TOOL_FORBIDDEN";

    /// <summary>429: tool calls over the per-minute limit for connection|namespace.</summary>
    public const string McpToolRateLimited = "MCP_TOOL_RATE_LIMITED";

    /// <summary>503: the circuit breaker for this MCP upstream is open after consecutive failures.</summary>
    public const string McpCircuitOpen = "MCP_CIRCUIT_OPEN";

    /// <summary>502: the upstream answered a JSON-RPC error, an HTTP error, or something that does not decode.</summary>
    public const string McpToolCallFailed = "MCP_TOOL_CALL_FAILED";

    /// <summary>400: the <c>refresh</c> query parameter names no discovery mode (spec §3.3).</summary>
    public const string InvalidRefreshMode = "INVALID_REFRESH_MODE";
}
