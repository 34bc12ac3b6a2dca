using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Sigilum's CORS rule for health, metrics and admin routes (spec §3.1): an allowed Origin is echoed with
/// credentials, the fixed method and header lists and a one-day max-age; other origins get no CORS headers.
/// Never applied to <c>/proxy</c> or <c>/mcp</c>.
/// </summary>
internal sealed class AdminCorsPolicy(IEnumerable<string> allowedOrigins)
{
    public const string AllowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    public const string AllowedHeaders =
        "Content-Type, Authorization, X-Sigilum-Admin-Token, X-Request-Id, Signature-Input, Signature, Content-Digest, " +
        "Sigilum-Namespace, Sigilum-Subject, Sigilum-Agent-Id, Sigilum-Agent-Key, Sigilum-Agent-Cert";

    private readonly FrozenSet<string> _allowed = allowedOrigins.Select(Normalize).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True only for exactly one Origin value that is on the list (<c>null</c> and lists never are).</summary>
    public bool IsAllowed(StringValues origin) => origin.Count == 1 && origin[0] is { Length: > 0 } value && _allowed.Contains(Normalize(value));

    /// <summary>Adds Vary when an Origin is present, and the CORS headers when it is allowed.</summary>
    public void Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return;
        }
        var headers = context.Response.Headers;
        headers.Append("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!IsAllowed(origin))
        {
            return;
        }
        headers.AccessControlAllowOrigin = origin[0];
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = "86400";
    }

    /// <summary>Origins compare case-insensitively (scheme and host are) and without a trailing slash.</summary>
    public static string Normalize(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return origin.Trim().TrimEnd('/').ToLowerInvariant();
    }

    /// <summary>A configured origin must be a bare <c>scheme://host[:port]</c>, as in Sigilum.</summary>
    public static bool IsBareOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && !origin.TrimEnd('/').EndsWith('/');
}
