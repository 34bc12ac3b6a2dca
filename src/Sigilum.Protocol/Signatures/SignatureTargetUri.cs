using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// The <c>@target-uri</c> a signer covers: the absolute URL without its fragment, with the scheme and
/// host lower-cased, the default port dropped and an empty path written as <c>/</c>; the query is kept
/// byte for byte (WHATWG URL serialisation, as the TypeScript reference SDK does). A verifier does not
/// normalise: it rebuilds the URI from what it received and compares bytes (reliability SIG-23).
/// </summary>
public static class SignatureTargetUri
{
    /// <summary>Normalises an absolute http(s) URL; fails on relative URLs, user info or non-ASCII.</summary>
    public static Result<string> Normalize(string? url)
    {
        const string Code = ErrorCatalogue.UrlInvalid;
        if (string.IsNullOrEmpty(url) || url.Length > 8192)
        {
            return Result<string>.Fail(Code, "The URL is empty or too long.");
        }
        foreach (var c in url)
        {
            if (c is <= ' ' or > '~')
            {
                return Result<string>.Fail(Code, "The URL contains spaces, control or non-ASCII characters; percent-encode them.");
            }
        }
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return Result<string>.Fail(Code, "The URL must be absolute (http:// or https://).");
        }
        var scheme = url[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            return Result<string>.Fail(Code, "Only http and https URLs can be signed.");
        }
        var withoutFragment = url.Split('#', 2)[0];
        var rest = withoutFragment[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndQuery = authorityEnd < 0 ? string.Empty : rest[authorityEnd..];
        if (authority.Length == 0 || authority.Contains('@', StringComparison.Ordinal))
        {
            return Result<string>.Fail(Code, "The URL must have a host and no user info.");
        }
        if (!Uri.TryCreate(scheme + "://" + authority + "/", UriKind.Absolute, out var parsed))
        {
            return Result<string>.Fail(Code, "The URL's host or port is invalid.");
        }
        var host = authority.ToLowerInvariant();
        var defaultPort = scheme == "https" ? ":443" : ":80";
        if (host.EndsWith(defaultPort, StringComparison.Ordinal) && parsed.IsDefaultPort)
        {
            host = host[..^defaultPort.Length];
        }
        if (pathAndQuery.Length == 0 || pathAndQuery[0] == '?')
        {
            pathAndQuery = "/" + pathAndQuery;
        }
        return Result<string>.Ok(scheme + "://" + host + pathAndQuery);
    }
}
