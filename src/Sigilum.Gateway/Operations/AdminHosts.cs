using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// DNS-rebinding guard (reliability ADM-02): a page on <c>attacker.example</c> whose name is re-pointed at
/// 127.0.0.1 reaches us from loopback, but its requests still say <c>Host: attacker.example</c>. Loopback
/// alone therefore grants access only when the Host is a loopback name or address, or one the operator listed.
/// The port is not checked: the attacker controls the name, not which local port answers.
/// </summary>
internal static class AdminHosts
{
    public static bool IsAllowed(HostString host, IReadOnlyList<string> extraHosts)
    {
        ArgumentNullException.ThrowIfNull(extraHosts);
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host;
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(ClientAddress.Normalize(address)))
        {
            return true;
        }
        foreach (var extra in extraHosts)
        {
            if (name.Equals(extra, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
