using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The client's address for admin decisions and logs (spec §3.9, §3.14). Forwarding headers are believed
/// only from a trusted proxy: anyone else could write <c>X-Forwarded-For: 127.0.0.1</c> (reliability ADM-01),
/// and only as far as trusted proxies wrote them (the right-to-left walk below; issue #12 item 4).
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Resolve(HttpContext context, IReadOnlyList<IPNetwork> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(trustedProxies);
        var peer = context.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : null;
        if (peer is null || !IsTrusted(peer, trustedProxies))
        {
            return peer;
        }
        // Every header line counts, in order, as one comma-separated list (RFC 9110 §5.3). Each proxy appends the
        // address it received from, so only the right-hand end is written by proxies we trust: walk from the right
        // past trusted proxies; the first untrusted entry is the client. The left-most entry is whatever the client
        // sent (nginx appends to it), so it is believed only when every entry to its right is a trusted proxy.
        var entries = string.Join(',', context.Request.Headers["X-Forwarded-For"].Where(v => v is not null))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            var realIp = context.Request.Headers["X-Real-IP"];
            return realIp.Count == 1 && TryParse(realIp[0]!.Trim(), out var real) ? real : peer;
        }
        var current = peer;
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (!TryParse(entries[i], out var hop))
            {
                // A hop we cannot read: nothing to its left can be attributed; the last proxy we know is the client.
                return current;
            }
            current = hop;
            if (!IsTrusted(hop, trustedProxies))
            {
                return hop;
            }
        }
        return current;
    }

    /// <summary>IPv4-mapped IPv6 (<c>::ffff:127.0.0.1</c>, what dual-stack sockets report) becomes plain IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static bool IsTrusted(IPAddress peer, IReadOnlyList<IPNetwork> trustedProxies)
    {
        foreach (var network in trustedProxies)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryParse(string text, out IPAddress address)
    {
        if (IPAddress.TryParse(text, out var parsed) || IPEndPoint.TryParse(text, out var endPoint) && (parsed = endPoint.Address) is not null)
        {
            address = Normalize(parsed);
            return true;
        }
        address = IPAddress.None;
        return false;
    }
}
