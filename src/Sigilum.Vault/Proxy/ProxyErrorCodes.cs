using Sigilum.Protocol.Errors;

namespace Sigilum.Vault.Proxy;

/// <summary>Stable codes of the proxy's own refusals (docs/vault.md lists them with their statuses).</summary>
internal static class ProxyErrorCodes
{
    public const string ProxyAuthRequired = ErrorCatalogue.ProxyAuthRequired;
    public const string AgentRevoked = ErrorCatalogue.AgentRevoked;
    public const string BadRequest = ErrorCatalogue.BadRequest;
    public const string BadAuthority = ErrorCatalogue.BadAuthority;
    public const string NoRoute = ErrorCatalogue.NoRoute;
    public const string EgressDenied = ErrorCatalogue.EgressDenied;
    public const string DnsFailed = ErrorCatalogue.DnsFailed;
    public const string HostMismatch = ErrorCatalogue.HostMismatch;
    public const string BodyTooLarge = ErrorCatalogue.BodyTooLarge;
    public const string AuditUnavailable = ErrorCatalogue.AuditUnavailable;
    public const string ConfigUnavailable = ErrorCatalogue.ConfigUnavailable;
    public const string BackendTimeout = ErrorCatalogue.BackendTimeout;
    public const string BackendBadSecret = ErrorCatalogue.BackendBadSecret;
    public const string UpstreamTimeout = ErrorCatalogue.UpstreamTimeout;
    public const string UpstreamTlsFailed = ErrorCatalogue.UpstreamTlsFailed;
    public const string UpstreamUnreachable = ErrorCatalogue.UpstreamUnreachable;
    public const string UpstreamBadResponse = ErrorCatalogue.UpstreamBadResponse;
    public const string RequestUrlInvalid = ErrorCatalogue.RequestUrlInvalid;
    public const string TooManyTunnels = ErrorCatalogue.TooManyTunnels;

    /// <summary>The target is this vault's own listener (a proxy loop, PRX-04).</summary>
    public const string SelfConnection = ErrorCatalogue.SelfConnection;
}
