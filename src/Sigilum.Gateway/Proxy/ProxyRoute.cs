using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// Which connection a proxied request is for and what goes upstream (spec §3.4 step 1):
/// <c>/proxy/&lt;id&gt;/&lt;rest&gt;</c>, or <c>/slack…</c> for the fixed <c>slack-proxy</c> connection.
/// Built from the raw request target, so the upstream path keeps the agent's exact percent-encoding and
/// query string (Sigilum re-sorts the query; we do not, so what the agent signed is what goes upstream).
/// </summary>
internal sealed record ProxyRoute(string ConnectionId, string PathAndQuery)
{
    public const string SlackConnectionId = "slack-proxy";
    private const string ProxyPrefix = "/proxy/";
    private const string SlackPrefix = "/slack";

    /// <summary>Whether a path is on the agent-facing proxy routes (for the in-flight gauge).</summary>
    public static bool IsProxyPath(PathString path) =>
        path.StartsWithSegments("/proxy", StringComparison.Ordinal) || path.StartsWithSegments(SlackPrefix, StringComparison.Ordinal);

    /// <summary>Parses the request target; null when it names no connection.</summary>
    public static ProxyRoute? Parse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }
        return Parse(raw);
    }

    /// <summary>Parses an origin-form request target such as <c>/proxy/openai/v1/models?limit=2</c>.</summary>
    public static ProxyRoute? Parse(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var query = queryAt < 0 ? string.Empty : rawTarget[queryAt..];
        if (path.StartsWith(ProxyPrefix, StringComparison.Ordinal))
        {
            var remainder = path[ProxyPrefix.Length..];
            var slash = remainder.IndexOf('/', StringComparison.Ordinal);
            var id = slash < 0 ? remainder : remainder[..slash];
            var rest = slash < 0 ? "/" : remainder[slash..];
            return IsConnectionId(id) ? new ProxyRoute(id, rest + query) : null;
        }
        if (path == SlackPrefix || path.StartsWith(SlackPrefix + "/", StringComparison.Ordinal))
        {
            var rest = path.Length == SlackPrefix.Length ? "/" : path[SlackPrefix.Length..];
            return new ProxyRoute(SlackConnectionId, rest + query);
        }
        return null;
    }

    // Connection ids as the admin API accepts them: [a-z0-9._-], 1-128, letter or digit at both ends (so never
    // "." or ".."); anything else (encoded slashes, upper case, empty) is not a route.
    private static bool IsConnectionId(string id) =>
        id.Length is > 0 and <= 128 && IsLetterOrDigit(id[0]) && IsLetterOrDigit(id[^1])
        && id.All(c => IsLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsLetterOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
