using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes add|list|remove</c>: which agent gets which credential for which host and path.</summary>
internal static class RoutesCommand
{
    /// <summary><c>https://api.example.com:443/v1/*</c>: the port always shown, so nobody guesses it.</summary>
    internal static string Target(RouteConfig r) =>
        r.Scheme + "://" + r.HostPattern + ":" + r.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + r.PathGlob;

    internal static string Injection(RouteConfig r)
    {
        var parts = r.Headers.Select(h => h.Name + ": " + h.Template).ToList();
        if (r.Query is { } q)
        {
            parts.Add("?" + q.Name + "=" + q.Template);
        }
        return parts.Count == 0 ? "Authorization: " + HeaderTemplate.DefaultAuthorization.Template : string.Join("; ", parts);
    }

    internal static JsonObject ToJson(RouteConfig r) => new()
    {
        ["id"] = r.Id,
        ["agentId"] = r.AgentId,
        ["scheme"] = r.Scheme,
        ["host"] = r.HostPattern,
        ["port"] = r.Port,
        ["path"] = r.PathGlob,
        ["backend"] = r.Backend,
        ["secret"] = r.SecretRef,
        ["headers"] = new JsonArray([.. r.Headers.Select(h => (JsonNode)JsonValue.Create(h.Name + "=" + h.Template)!)]),
        ["query"] = r.Query is { } q ? q.Name + "=" + q.Template : null,
        ["allowPrivateNetwork"] = r.AllowPrivateNetwork,
    };
}
