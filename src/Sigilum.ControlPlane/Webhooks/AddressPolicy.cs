using System.Net;
using System.Net.Sockets;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Which resolved addresses a webhook may be sent to. By default only public unicast: no loopback, RFC
/// 1918, CGNAT, link-local (cloud metadata 169.254.169.254), ULA, multicast, reserved or documentation
/// ranges, and no IPv6 form that embeds an IPv4 address (v4-mapped, NAT64, 6to4, Teredo), because those
/// reach the same private hosts by another spelling (stripe/smokescreen's classifier; reliability PRX-01..03).
/// </summary>
internal static class AddressPolicy
{
    /// <summary>True when a webhook may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsNeverATarget(address))
        {
            return false;
        }
        return allowPrivate || IsPublic(address);
    }

    /// <summary>Public unicast, routable on the internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => !address.IsIPv4MappedToIPv6 && IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    // Unspecified, multicast and broadcast are not hosts; refused even when private targets are allowed.
    private static bool IsNeverATarget(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast || address.IsIPv4MappedToIPv6 && IsNeverATarget(address.MapToIPv4());
        }
        var b = address.GetAddressBytes();
        return b.Length != 4 || b[0] == 0 || b[0] >= 224;
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 or >= 224 ||                 // this network, RFC 1918, loopback, multicast + reserved + broadcast
        b[0] == 100 && (b[1] & 0xC0) == 64 ||                // 100.64/10 CGNAT (RFC 6598)
        b[0] == 169 && b[1] == 254 ||                        // link-local, cloud metadata
        b[0] == 172 && (b[1] & 0xF0) == 16 ||                // 172.16/12
        b[0] == 192 && b[1] == 168 ||                        // 192.168/16
        b[0] == 192 && b[1] == 0 && b[2] is 0 or 2 ||        // IETF protocol assignments, TEST-NET-1
        b[0] == 192 && b[1] == 88 && b[2] == 99 ||           // 6to4 relay anycast
        b[0] == 198 && (b[1] & 0xFE) == 18 ||                // 198.18/15 benchmarking
        b[0] == 198 && b[1] == 51 && b[2] == 100 ||          // TEST-NET-2
        b[0] == 203 && b[1] == 0 && b[2] == 113);            // TEST-NET-3

    // Allowlist first: global unicast is 2000::/3, which already excludes ::1, ::, v4-compatible,
    // 64:ff9b::/96 NAT64, 100::/64 discard, fc00::/7 ULA, fe80::/10 link-local and ff00::/8 multicast.
    private static bool IsPublicV6(byte[] b) => (b[0] & 0xE0) == 0x20 && !(
        b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02 ||       // 2001::/23 IETF assignments incl. Teredo 2001::/32, ORCHID
        b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 || // 2001:db8::/32 documentation
        b[0] == 0x20 && b[1] == 0x02 ||                      // 2002::/16 6to4 embeds an IPv4 address
        b[0] == 0x3f && (b[1] & 0xF0) == 0xF0);              // 3fff::/20 documentation
}
