using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sigilum.Vault.Egress;

/// <summary>
/// A canonical <c>host:port</c> from a CONNECT line, an absolute URL or a Host header. Hosts are
/// lower-case LDH names (no trailing dot, last label not numeric) or strict IP literals (dotted
/// quad without leading zeros, or bracketed IPv6 without a zone); anything a resolver might read
/// as an address in another spelling (<c>2130706433</c>, <c>0x7f.1</c>, <c>127.1</c>) is refused
/// (reliability PRX-03, PRX-05, PRX-07).
/// </summary>
internal sealed record TargetAuthority(string Host, int Port, IPAddress? Literal)
{
    public const int MaxHostLength = 253;

    /// <summary>The authority as it appears in a URL or Host header, default port omitted.</summary>
    public string ToUrlAuthority(string scheme)
    {
        var host = Literal is { AddressFamily: AddressFamily.InterNetworkV6 } ? "[" + Host + "]" : Host;
        var defaultPort = scheme == "https" ? 443 : 80;
        return Port == defaultPort ? host : host + ":" + Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses <c>host:port</c> (CONNECT authority-form); the port is required.</summary>
    public static bool TryParse(string? text, int? defaultPort, [NotNullWhen(true)] out TargetAuthority? authority)
    {
        authority = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxHostLength + 8)
        {
            return false;
        }
        string hostPart;
        string? portPart;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            hostPart = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0)
            {
                portPart = null;
            }
            else if (rest[0] == ':')
            {
                portPart = rest[1..];
            }
            else
            {
                return false;
            }
            if (hostPart.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(hostPart, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
            if (!TryPort(portPart, defaultPort, out var port6))
            {
                return false;
            }
            authority = new TargetAuthority(v6.ToString(), port6, v6);
            return true;
        }
        var colon = text.LastIndexOf(':');
        hostPart = colon < 0 ? text : text[..colon];
        portPart = colon < 0 ? null : text[(colon + 1)..];
        if (!TryPort(portPart, defaultPort, out var port))
        {
            return false;
        }
        var host = hostPart.ToLowerInvariant();
        if (TryParseDottedQuad(host, out var v4))
        {
            authority = new TargetAuthority(host, port, v4);
            return true;
        }
        if (!IsHostName(host))
        {
            return false;
        }
        authority = new TargetAuthority(host, port, null);
        return true;
    }

    private static bool TryPort(string? text, int? defaultPort, out int port)
    {
        port = 0;
        if (text is null)
        {
            if (defaultPort is null)
            {
                return false;
            }
            port = defaultPort.Value;
            return true;
        }
        return text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && text[0] != '0' &&
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    private static bool TryParseDottedQuad(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0') ||
                !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }
            bytes[i] = (byte)value;
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>RFC 1123 LDH labels; the last label must not be all digits (so no numeric address forms).</summary>
    public static bool IsHostName(string host)
    {
        if (host.Length is 0 or > MaxHostLength || host.EndsWith('.'))
        {
            return false;
        }
        var labels = host.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return !labels[^1].All(c => char.IsAsciiDigit(c)) && !labels[^1].StartsWith("0x", StringComparison.Ordinal);
    }
}
