using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Proxy;

/// <summary>The upstream path and query: the agent's, byte for byte, plus the credential parameter in query_param mode.</summary>
internal static class UpstreamTarget
{
    /// <summary>
    /// Appends <paramref name="parameter"/> (percent-encoded) after removing any parameter of the same name the agent
    /// sent, so an agent cannot smuggle its own value in front of ours.
    /// </summary>
    public static string With(string pathAndQuery, InjectedQueryParameter? parameter)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (parameter is null)
        {
            return pathAndQuery;
        }
        var split = pathAndQuery.Split('?', 2);
        var kept = split.Length == 2
            ? split[1].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(pair => !SameName(pair, parameter.Name)).ToList()
            : [];
        // Percent-encoded straight from the bytes (never decoded into a string first, MEM-02). The request URI
        // itself must be a string (HttpRequestMessage has no other form), so query_param mode keeps that one
        // encoded copy: a documented gap, header modes have none (docs/gateway.md).
        kept.Add(parameter.ToQueryPair());
        return split[0] + "?" + string.Join('&', kept);
    }

    private static bool SameName(string pair, string name)
    {
        var rawName = pair.Split('=', 2)[0];
        try
        {
            return string.Equals(Uri.UnescapeDataString(rawName.Replace('+', ' ')), name, StringComparison.Ordinal);
        }
        catch (UriFormatException)
        {
            return false;
        }
    }
}
