using System.Globalization;
using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Maps an intent URL to the services whose <see cref="ServiceRecord.UpstreamHosts"/> name its host.
/// A pattern is a host (exact, case-insensitive, IDN compared in punycode) or <c>*.example.com</c>
/// (any subdomain, not <c>example.com</c> itself), optionally with <c>:port</c>; without a port any port
/// matches, with one the URL's effective port (443/80 when omitted) must equal it. Only the most
/// specific matches are returned: an exact host beats a wildcard, a longer wildcard a shorter one.
/// </summary>
internal static class ServiceHostMatcher
{
    public static IReadOnlyList<ServiceRecord> Match(IEnumerable<ServiceRecord> services, Uri url)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(url);
        var host = (url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost).ToLowerInvariant();
        var best = 0;
        var matches = new List<ServiceRecord>();
        foreach (var service in services)
        {
            var rank = service.UpstreamHosts.Select(p => Rank(p, host, url.Port)).DefaultIfEmpty(0).Max();
            if (rank > 0 && rank >= best)
            {
                if (rank > best)
                {
                    matches.Clear();
                    best = rank;
                }
                matches.Add(service);
            }
        }
        return matches.OrderBy(s => s.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>0 when <paramref name="pattern"/> does not match; otherwise higher is more specific.</summary>
    internal static int Rank(string pattern, string host, int port)
    {
        var (patternHost, patternPort) = Split(pattern.Trim().ToLowerInvariant());
        if (patternPort is not null && patternPort != port)
        {
            return 0;
        }
        if (patternHost.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = ToAscii(patternHost[1..]); // ".example.com"
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal) ? suffix.Length : 0;
        }
        // An exact name outranks every wildcard.
        return ToAscii(patternHost) == host ? int.MaxValue : 0;
    }

    private static (string Host, int? Port) Split(string pattern)
    {
        var colon = pattern.LastIndexOf(':');
        // "host:port" has one colon; "[v6]:port" has its port after the bracket; a bare "::1" has none.
        var hasPort = colon >= 0 && (pattern.StartsWith('[') ? colon > pattern.LastIndexOf(']') : pattern.IndexOf(':', StringComparison.Ordinal) == colon);
        return hasPort && int.TryParse(pattern.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (pattern[..colon], port)
            : (pattern, null);
    }

    // Patterns may be typed in Unicode; URLs are compared in punycode (IntentUrl normalises to it).
    private static string ToAscii(string host)
    {
        if (host.All(char.IsAscii))
        {
            return host;
        }
        var leadingDot = host.StartsWith('.') ? "." : string.Empty;
        try
        {
            return leadingDot + new IdnMapping().GetAscii(host.TrimStart('.'));
        }
        catch (ArgumentException)
        {
            return host;
        }
    }
}
