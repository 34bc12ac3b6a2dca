using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Whether a checked upstream address is this vault's own listener (PRX-04): same port, and an
/// address that reaches this host (loopback, unspecified, the listener's address or one of the
/// host's interface addresses).
/// </summary>
internal static class SelfConnection
{
    public static bool IsOwnListener(IPEndPoint target, IPEndPoint listener)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(listener);
        if (target.Port != listener.Port)
        {
            return false;
        }
        var address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        var own = listener.Address.IsIPv4MappedToIPv6 ? listener.Address.MapToIPv4() : listener.Address;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(own))
        {
            return true;
        }
        return LocalAddresses().Any(address.Equals);
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
        return interfaces.SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
    }
}
