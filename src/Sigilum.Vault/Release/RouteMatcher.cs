using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

/// <summary>
/// Route selection: agent, host pattern and path glob (sigil-vault-and-peers.md §1.5). Host
/// patterns are an exact lower-case host or <c>*.suffix</c> (one or more labels under the suffix,
/// never the suffix itself). Path globs match the path without the query; <c>*</c> matches any run
/// of characters, including <c>/</c>, so <c>/v1/*</c> covers everything under <c>/v1/</c>.
/// A route also pins the upstream's scheme and port (docs/decisions/0022): a host with routes is
/// refused on another scheme or port with its own code, so the operator sees why.
/// </summary>
internal static class RouteMatcher
{
    public static IEnumerable<RouteConfig> ForHost(VaultSnapshot snapshot, string agentId, string host) =>
        snapshot.Routes.Where(r => string.Equals(r.AgentId, agentId, StringComparison.Ordinal) && HostMatches(r.HostPattern, host));

    /// <summary>
    /// The agent's routes for exactly this scheme, host and port, or why there are none: no route for
    /// the host (<c>NO_ROUTE</c>), plain http not allowed (<c>PLAIN_HTTP_REFUSED</c>: the vault was not
    /// started with the insecure switch, or no route for the host says http), https to a host routed only
    /// for http (<c>ROUTE_SCHEME_MISMATCH</c>), another port (<c>ROUTE_PORT_MISMATCH</c>).
    /// </summary>
    public static RouteSelection Select(VaultSnapshot snapshot, string agentId, string scheme, string host, int port, bool allowPlainHttp)
    {
        var forHost = ForHost(snapshot, agentId, host).ToList();
        if (forHost.Count == 0)
        {
            // PRX-20 pinned: a host without a route is refused, never tunnelled blind.
            return RouteSelection.Refuse(403, ErrorCatalogue.NoRoute, "No route for this host.");
        }
        if (scheme == RouteConfig.Http && !allowPlainHttp)
        {
            return RouteSelection.Refuse(403, ErrorCatalogue.PlainHttpRefused,
                "Credentials are released only over https; this vault was not started with --insecure-allow-plain-http-upstreams.");
        }
        var forScheme = forHost.Where(r => r.Scheme == scheme).ToList();
        if (forScheme.Count == 0)
        {
            return scheme == RouteConfig.Http
                ? RouteSelection.Refuse(403, ErrorCatalogue.PlainHttpRefused, "No route for this host allows plain http (routes add --scheme http).")
                : RouteSelection.Refuse(403, ErrorCatalogue.RouteSchemeMismatch, "The routes for this host are plain http only; use http:// or add an https route.");
        }
        var forPort = forScheme.Where(r => r.Port == port).ToList();
        return forPort.Count == 0
            ? RouteSelection.Refuse(403, ErrorCatalogue.RoutePortMismatch, "No route for this host allows this port.")
            : RouteSelection.Allow(forPort);
    }

    /// <summary>The first route of <see cref="Select"/> whose path glob matches, or the refusal.</summary>
    public static RouteSelection Match(VaultSnapshot snapshot, string agentId, string scheme, string host, int port, string path, bool allowPlainHttp)
    {
        var selection = Select(snapshot, agentId, scheme, host, port, allowPlainHttp);
        if (!selection.IsAllowed)
        {
            return selection;
        }
        var route = selection.Routes.FirstOrDefault(r => GlobMatches(r.PathGlob, path));
        return route is null ? RouteSelection.Refuse(403, ErrorCatalogue.NoRoute, "No route for this host and path.") : RouteSelection.Allow([route]);
    }

    public static bool IsValidHostPattern(string pattern)
    {
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return Egress.TargetAuthority.TryParse(host, 443, out var parsed) && parsed.Host == host;
    }

    public static bool HostMatches(string pattern, string host)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = pattern[1..];
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal);
        }
        return string.Equals(pattern, host, StringComparison.Ordinal);
    }

    /// <summary>Iterative glob with <c>*</c> only (linear backtracking, no regex, no ReDoS).</summary>
    public static bool GlobMatches(string glob, string path)
    {
        int g = 0, p = 0, star = -1, mark = 0;
        while (p < path.Length)
        {
            if (g < glob.Length && glob[g] == '*')
            {
                star = g++;
                mark = p;
            }
            else if (g < glob.Length && glob[g] == path[p])
            {
                g++;
                p++;
            }
            else if (star >= 0)
            {
                g = star + 1;
                p = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (g < glob.Length && glob[g] == '*')
        {
            g++;
        }
        return g == glob.Length;
    }
}
