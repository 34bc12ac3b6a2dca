using System.Globalization;
using System.Text;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Intents;

/// <summary>
/// The one URL spelling that goes into an HTTP intent, used by the issuer and the verifier alike so
/// both hash the same bytes: <c>scheme://host[:port]/path[?query]</c>. Scheme and host are
/// lower-cased (IDN hosts in punycode), the scheme's default port is dropped, an empty path becomes
/// <c>/</c> and the fragment is dropped (it never reaches the server). Path and query keep their
/// spelling, as the WHATWG URL serialiser does: existing percent escapes stay as written, and only
/// the characters WHATWG percent-encodes (non-ASCII, <c>" &lt; &gt;</c>, <c>` { }</c> in the path,
/// <c>'</c> in the query) are encoded. Anything with a meaning that depends on the reader is
/// refused: user info, whitespace, backslashes and <c>.</c>/<c>..</c> path segments.
/// </summary>
public static class IntentUrl
{
    /// <summary>Longest URL accepted, in characters.</summary>
    public const int MaxLength = 8192;

    private static readonly UriCreationOptions RawPathAndQuery = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Normalises an absolute http or https URL; anything else is <c>INTENT_URL_INVALID</c>.</summary>
    public static Result<string> Normalize(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength)
        {
            return Invalid("The URL is empty or too long.");
        }
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            // Uri trims whitespace and reads a backslash as '/': the intent would say one thing and mean another.
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')
            {
                return Invalid("The URL contains whitespace, control characters or backslashes.");
            }
            if (char.IsSurrogate(c) && !(i + 1 < url.Length && char.IsSurrogatePair(c, url[++i])))
            {
                return Invalid("The URL is not valid UTF-16.");
            }
        }
        if (!Uri.TryCreate(url, in RawPathAndQuery, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            !url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrEmpty(uri.Host))
        {
            return Invalid("The URL must be an absolute http or https URL with a host.");
        }
        var afterScheme = url.AsSpan(uri.Scheme.Length + 3);
        var authorityEnd = afterScheme.IndexOfAny('/', '?', '#');
        var authority = authorityEnd < 0 ? afterScheme : afterScheme[..authorityEnd];
        if (authority.Contains('@'))
        {
            // "https://good.example@evil.example/" reads as one host and connects to another.
            return Invalid("The URL must not carry user info.");
        }
        var rest = authorityEnd < 0 ? ReadOnlySpan<char>.Empty : afterScheme[authorityEnd..];
        var fragment = rest.IndexOf('#');
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }
        var queryStart = rest.IndexOf('?');
        var path = queryStart < 0 ? rest : rest[..queryStart];
        var query = queryStart < 0 ? ReadOnlySpan<char>.Empty : rest[queryStart..];
        if (HasDotSegment(path))
        {
            return Invalid("The URL path must not contain '.' or '..' segments.");
        }

        var result = new StringBuilder(url.Length + 16);
        result.Append(uri.Scheme).Append("://");
        result.Append((uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost).ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            result.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        }
        if (path.IsEmpty)
        {
            result.Append('/');
        }
        AppendEncoded(result, path, "\"<>`{}");
        AppendEncoded(result, query, "\"<>'");
        return Result<string>.Ok(result.ToString());
    }

    // RFC 3986 §5.2.4 dot segments, including their percent-encoded spellings (WHATWG decodes %2e).
    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
        {
            var segment = path[range].ToString().Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (segment is "." or "..")
            {
                return true;
            }
        }
        return false;
    }

    // WHATWG URL §1.3 path/query percent-encode sets, minus what we already refused (controls, space).
    private static void AppendEncoded(StringBuilder result, ReadOnlySpan<char> text, string alsoEncode)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && alsoEncode.IndexOf((char)rune.Value, StringComparison.Ordinal) < 0)
            {
                result.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static Result<string> Invalid(string reason) => Result<string>.Fail(ErrorCatalogue.IntentUrlInvalid, reason);
}
