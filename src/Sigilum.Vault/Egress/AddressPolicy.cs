using System.Net;
using System.Net.Sockets;

namespace Sigilum.Vault.Egress;

/// <summary>
/// Classifies addresses for SSRF control (reliability PRX-01..03, Smokescreen's deny list): loopback,
/// RFC 1918, CGNAT, link-local (cloud metadata 169.254.169.254), unspecified, multicast, broadcast,
/// reserved and documentation ranges, IPv6 ULA/link-local/site-local, and the IPv6 forms that embed
/// an IPv4 address (mapped, NAT64, 6to4, Teredo) are all non-public.
/// </summary>
internal static class AddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224 ||
                (b[0] == 100 && (b[1] & 0xC0) == 64) ||
                (b[0] == 169 && b[1] == 254) ||
                (b[0] == 172 && (b[1] & 0xF0) == 16) ||
                (b[0] == 192 && b[1] == 168) ||
                (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) ||
                (b[0] == 198 && (b[1] & 0xFE) == 18) ||
                (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
                (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return false;
        }
        // fc00::/7 unique local (includes AWS's fd00:ec2::254 metadata address).
        if ((b[0] & 0xFE) == 0xFC)
        {
            return false;
        }
        // 64:ff9b::/96 NAT64 → the embedded IPv4 decides.
        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublic(new IPAddress(b.AsSpan(12, 4)));
        }
        // 2002::/16 6to4 and 2001::/32 Teredo tunnel to arbitrary IPv4; 2001:db8::/32 documentation; 100::/64 discard.
        if ((b[0] == 0x20 && b[1] == 0x02) || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) ||
            (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) ||
            (b[0] == 0x01 && b[1] == 0 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0))
        {
            return false;
        }
        // ::/96 (IPv4-compatible, deprecated) and other zero-prefixed forms.
        return !(b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0);
    }
}
