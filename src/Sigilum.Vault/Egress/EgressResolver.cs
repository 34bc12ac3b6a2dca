using System.Net;
using System.Net.Sockets;

namespace Sigilum.Vault.Egress;

/// <summary>
/// Resolves a target once and picks the address to dial (reliability PRX-02): every answer is
/// classified, a non-public one is usable only when a route allows the private network, and the
/// caller dials exactly the returned address, never the name again (no DNS rebinding window).
/// </summary>
internal sealed class EgressResolver(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public static EgressResolver System { get; } = new((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    public async Task<EgressDecision> ResolveAsync(TargetAuthority target, bool allowPrivate, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (target.Literal is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolve(target.Host, cancellationToken);
            }
            catch (SocketException)
            {
                return EgressDecision.Deny("dns_failed", 502, "The target host does not resolve.");
            }
        }
        addresses = [.. addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)];
        if (addresses.Length == 0)
        {
            return EgressDecision.Deny("dns_failed", 502, "The target host does not resolve.");
        }
        foreach (var address in addresses)
        {
            if (AddressPolicy.IsPublic(address) || allowPrivate)
            {
                return EgressDecision.Allow(new IPEndPoint(address, target.Port), !AddressPolicy.IsPublic(address));
            }
        }
        return EgressDecision.Deny("egress_denied", 403, "The target resolves only to private, loopback, link-local or reserved addresses.");
    }
}
