using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

/// <summary>
/// Route selection: agent, host pattern and path glob (sigil-vault-and-peers.md §1.5). Host
/// patterns are an exact lower-case host or <c>*.suffix</c> (one or more labels under the suffix,
/// never the suffix itself). Path globs match the path without the query; <c>*</c> matches any run
/// of characters, including <c>/</c>, so <c>/v1/*</c> covers everything under <c>/v1/</c>.
/// </summary>
internal static class RouteMatcher
{
    public static IEnumerable<RouteConfig> ForHost(VaultSnapshot snapshot, string agentId, string host) =>
        snapshot.Routes.Where(r => string.Equals(r.AgentId, agentId, StringComparison.Ordinal) && HostMatches(r.HostPattern, host));

    public static RouteConfig? Match(VaultSnapshot snapshot, string agentId, string host, string path) =>
        ForHost(snapshot, agentId, host).FirstOrDefault(r => GlobMatches(r.PathGlob, path));

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
