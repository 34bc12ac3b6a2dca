using Sigilum.Vault.Egress;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// What was admitted before the first request: the agent (proxy token), the CONNECT (or absolute-form)
/// authority, where it resolved to, and the scheme the requests are bound to in their intent.
/// </summary>
internal sealed record TunnelTarget(string AgentId, TargetAuthority Authority, EgressDecision Egress, string Scheme);
