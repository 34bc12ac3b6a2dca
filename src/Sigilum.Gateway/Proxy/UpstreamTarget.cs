using System.Text;
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
        var encodedName = Uri.EscapeDataString(parameter.Name);
        var kept = split.Length == 2
            ? split[1].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(pair => !SameName(pair, parameter.Name)).ToList()
            : [];
        // The value exists as a string only here and in the URI the forwarder builds (a known gap: HttpRequestMessage takes strings).
        kept.Add(encodedName + "=" + Uri.EscapeDataString(Encoding.UTF8.GetString(parameter.Value)));
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
