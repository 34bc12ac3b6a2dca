using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The client's address for admin decisions and logs (spec §3.9, §3.14). Forwarding headers are believed
/// only from a trusted proxy: anyone else could write <c>X-Forwarded-For: 127.0.0.1</c> (reliability ADM-01).
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
        // The left-most X-Forwarded-For entry is the original client as the trusted proxy saw it.
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var first = forwarded.Split(',', 2)[0].Trim();
        if (TryParse(first, out var client))
        {
            return client;
        }
        return TryParse(context.Request.Headers["X-Real-IP"].ToString().Trim(), out client) ? client : peer;
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
