namespace Sigilum.Vault.Proxy;

/// <summary>Stable codes of the proxy's own refusals (docs/vault.md lists them with their statuses).</summary>
internal static class ProxyErrorCodes
{
    public const string ProxyAuthRequired = "PROXY_AUTH_REQUIRED";
    public const string AgentRevoked = "AGENT_REVOKED";
    public const string BadRequest = "BAD_REQUEST";
    public const string BadAuthority = "BAD_AUTHORITY";
    public const string NoRoute = "NO_ROUTE";
    public const string EgressDenied = "EGRESS_DENIED";
    public const string DnsFailed = "DNS_FAILED";
    public const string HostMismatch = "HOST_MISMATCH";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
    public const string ConfigUnavailable = "CONFIG_UNAVAILABLE";
    public const string BackendTimeout = "BACKEND_TIMEOUT";
    public const string BackendBadSecret = "BACKEND_BAD_SECRET";
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    public const string UpstreamTlsFailed = "UPSTREAM_TLS_FAILED";
    public const string UpstreamUnreachable = "UPSTREAM_UNREACHABLE";
    public const string UpstreamBadResponse = "UPSTREAM_BAD_RESPONSE";
    public const string RequestUrlInvalid = "REQUEST_URL_INVALID";
    public const string TooManyTunnels = "TOO_MANY_TUNNELS";

    /// <summary>The target is this vault's own listener (a proxy loop, PRX-04).</summary>
    public const string SelfConnection = "SELF_CONNECTION";
}
