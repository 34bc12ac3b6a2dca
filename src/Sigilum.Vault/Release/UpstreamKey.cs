using System.Net;

namespace Sigilum.Vault.Release;

/// <summary>
/// What a pooled upstream connection may be reused for (docs/decisions/0030): the scheme, the name
/// TLS verified (SNI and certificate), the address and port the egress check approved, and the agent
/// and route whose credential it carries. A connection never crosses agents or routes, so nothing an
/// upstream might tie to a connection (its first credential, a session) reaches another agent's request.
/// </summary>
internal readonly record struct UpstreamKey(string Scheme, string Host, IPEndPoint Address, string AgentId, string RouteId)
{
    public bool IsTls => Scheme == "https";
}
