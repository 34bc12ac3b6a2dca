using Sigilum.Vault.Egress;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Which TLS server name a tunnel accepts (reliability PRX-07, pinned): the leaf is minted only for the
/// canonical CONNECT host. Case is canonicalised the same way as the CONNECT authority (DNS names are
/// case-insensitive, so <c>API.Example.COM</c> is <c>api.example.com</c>); a trailing dot is refused in
/// both places (<see cref="TargetAuthority"/> refuses it too); a name host needs an SNI naming it (absent
/// or an IP literal is refused); an IP-literal host accepts no SNI (clients never send IPs in SNI) or
/// exactly that literal.
/// </summary>
internal static class SniPolicy
{
    public static bool Matches(string? sni, TargetAuthority authority)
    {
        if (authority.Literal is not null)
        {
            return string.IsNullOrEmpty(sni) || string.Equals(sni, authority.Host, StringComparison.Ordinal);
        }
        return sni is not null && string.Equals(sni.ToLowerInvariant(), authority.Host, StringComparison.Ordinal);
    }
}
