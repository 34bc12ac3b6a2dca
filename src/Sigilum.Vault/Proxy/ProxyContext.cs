using Sigilum.Core.Audit;
using Sigilum.Vault.Ca;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Gate;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

/// <summary>What every connection shares.</summary>
internal sealed record ProxyContext(
    VaultProxyOptions Options,
    VaultConfig Config,
    LeafCertificateCache Leaves,
    AttestationGate Gate,
    EgressResolver Egress,
    BackendRegistry Backends,
    UpstreamPool Upstream,
    AuditLog Audit,
    TunnelCounter Tunnels)
{
    /// <summary>The echo scrubber's spellings per backend value, derived once per value (ADR 0044, issue 13).</summary>
    public EchoSpellingsCache Echo { get; } = new();
}
