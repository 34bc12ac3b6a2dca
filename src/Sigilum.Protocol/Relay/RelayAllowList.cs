namespace Sigilum.Protocol.Relay;

/// <summary>
/// The admin requests a control plane may relay to a gateway over the relay stream (spec §4.10 step 5,
/// narrowed to the admin API this gateway has; ADR 0018). Both sides check it: the control plane before a
/// command is sent, the gateway before it dispatches one, so neither trusts the other to have done it.
/// The check runs on the path without its query or fragment; a segment that could change the route
/// after normalisation (<c>.</c>, <c>..</c>, percent escapes, empty) never matches.
/// </summary>
public static class RelayAllowList
{
    private static readonly string[] AdminPrefix = ["api", "admin"];

    /// <summary>True when <paramref name="method"/> on <paramref name="path"/> may be relayed.</summary>
    /// <param name="method">The HTTP method, case-insensitive.</param>
    /// <param name="path">An absolute path, optionally with a query or fragment (ignored).</param>
    public static bool IsAllowed(string? method, string? path)
    {
        if (method is null || path is null)
        {
            return false;
        }
        var m = method.ToUpperInvariant();
        var only = PathOnly(path);
        if (only == "/health")
        {
            return m == "GET";
        }
        if (!only.StartsWith('/'))
        {
            return false;
        }
        var segments = only[1..].Split('/');
        if (segments.Any(s => !IsPlainSegment(s)) || segments.Length < 3 || segments[0] != AdminPrefix[0] || segments[1] != AdminPrefix[1])
        {
            return false;
        }
        return (segments[2], segments.Length) switch
        {
            ("connections", 3) => m is "GET" or "POST",
            ("connections", 4) => m is "GET" or "PATCH" or "DELETE",
            ("connections", 5) => m == "POST" && segments[4] is "rotate" or "test" or "discover",
            ("credential-variables", 3) => m is "GET" or "POST",
            ("credential-variables", 4) => m == "DELETE",
            ("service-catalog", 3) => m == "GET",
            ("service-api-keys", 4) => m is "GET" or "PUT",
            _ => false,
        };
    }

    /// <summary><paramref name="path"/> without its query string and fragment.</summary>
    public static string PathOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.IndexOfAny(['?', '#']);
        return end < 0 ? path : path[..end];
    }

    private static bool IsPlainSegment(string segment) =>
        segment.Length is > 0 and <= 256 && segment is not ("." or "..") &&
        segment.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~');
}
