using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>Which headers cross the gateway in each direction.</summary>
internal static class HeaderRules
{
    /// <summary>The empty name set (no <c>Connection</c> names, no injected names): shared, never written to.</summary>
    public static readonly HashSet<string> NoneNamed = new(StringComparer.OrdinalIgnoreCase);

    // RFC 9110 §7.6.1 hop-by-hop fields, plus Proxy-* (matched by prefix below).

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Connection",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HopByHopNames = HopByHop.GetAlternateLookup<ReadOnlySpan<char>>();

    // Sigilum's own headers and the agent's credentials never reach the upstream. Content-Digest is
    // stripped too: it is part of the agent's signature to us, the upstream has no use for it, and a
    // stale digest would be wrong if the body were ever rewritten.
    private static readonly HashSet<string> AgentOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Signature", "Signature-Input", "Content-Digest", "Authorization", "X-Api-Key",
        "Forwarded", "Content-Length",

        // Method overrides would let an upstream execute another method than the one signed (reliability SIG-24).
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    };

    /// <summary>True when a request header from the agent may be copied upstream.</summary>
    public static bool IsForwardedRequestHeader(string name, HashSet<string> connectionNamed, HashSet<string> injected) =>
        IsToken(name)
        && !IsHopByHop(name, connectionNamed)
        && !AgentOnly.Contains(name)
        && !injected.Contains(name)
        && !name.StartsWith("Sigilum-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="name"/> is an RFC 9110 §5.6.2 token. Kestrel accepts some names that are not
    /// (e.g. <c>@method</c>, reliability SIG-11); those never go upstream.
    /// </summary>
    public static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for hop-by-hop headers, including those named by <c>Connection</c>.</summary>
    public static bool IsHopByHop(string name, HashSet<string> connectionNamed) =>
        HopByHop.Contains(name)
        || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
        || connectionNamed.Contains(name);

    /// <summary>The header names listed in <c>Connection</c> values (RFC 9110 §7.6.1).</summary>
    /// <remarks>Without a <c>Connection</c> value (most requests) the answer is one shared empty set, never written to.</remarks>
    public static HashSet<string> ConnectionNamed(IEnumerable<string?> connectionValues)
    {
        HashSet<string>? names = null;
        foreach (var value in connectionValues)
        {
            if (value is null)
            {
                continue;
            }
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var token = (comma < 0 ? rest : rest[..comma]).Trim();
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                // A name that is hop-by-hop anyway changes no answer of IsHopByHop, so it needs no set: "Connection:
                // keep-alive" on every upstream response cost a split array, a string and a set (issue #13, sixth pass).
                if (token.IsEmpty || HopByHopNames.Contains(token))
                {
                    continue;
                }
                (names ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token.ToString());
            }
        }
        return names ?? NoneNamed;
    }

    /// <summary>The <c>Connection</c> header values of an incoming request.</summary>
    public static HashSet<string> ConnectionNamed(IHeaderDictionary headers) =>
        ConnectionNamed((IEnumerable<string?>)headers.Connection);

    /// <summary>The <c>Connection</c> header values of an upstream response.</summary>
    public static HashSet<string> ConnectionNamed(HttpResponseMessage response) =>
        ConnectionNamed(response.Headers.TryGetValues("Connection", out var values) ? values : []);

    /// <summary>True when the agent's <c>TE</c> values include <c>trailers</c> (RFC 9110 §10.1.4), the one TE value passed on.</summary>
    public static bool AcceptsTrailers(StringValues te)
    {
        foreach (var value in te)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parameters = token.IndexOf(';', StringComparison.Ordinal);
                if ((parameters < 0 ? token : token[..parameters].TrimEnd()).Equals("trailers", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Replaces every spelling of an echoed secret in response header values (the shared scrubber, PRX-18).</summary>
    public static StringValues Scrub(IEnumerable<string> values, SecretScrubber scrubber) =>
        values is IReadOnlyList<string> { Count: 1 } one ? new StringValues(scrubber.ScrubText(one[0])) : new([.. values.Select(scrubber.ScrubText)]);
}
