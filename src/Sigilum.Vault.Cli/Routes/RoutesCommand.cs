using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes add|list|remove</c>: which agent gets which credential for which host and path.</summary>
internal static class RoutesCommand
{
    public static Command Create(VaultCliContext context)
    {
        return context.Examples.Group("routes", "Add, list and remove routes (agent + host + path → backend secret).",
            new CommandManual(
                "A route releases one backend secret to one agent for requests whose host matches --host (exact, or *.suffix for sub-domains) and " +
                "whose path matches --path (* matches anything, including /). The first matching route, in creation order, wins. " +
                "Hosts with no route are refused, and a host resolving to a private, loopback, link-local or metadata address is refused unless " +
                "its route has --allow-private-network. A route names the upstream's --scheme and --port (default https and 443): another port of " +
                "the host is refused (ROUTE_PORT_MISMATCH), and plain http is refused (PLAIN_HTTP_REFUSED) unless the route says --scheme http and the " +
                "vault runs with --insecure-allow-plain-http-upstreams. Without --header or --query the credential goes into 'Authorization: Bearer {{credential}}'.",
                "sigil-vault routes add --agent-id agt_0123 --host api.openai.com --path '/v1/*' --backend dev --secret OPENAI_API_KEY",
                "sigil-vault routes add --agent-id agt_0123 --host api.example.com --path '/*' --backend dev --secret KEY --header 'X-Api-Key={{credential}}'",
                "sigil-vault routes add --agent-id agt_0123 --host api.example.com --port 8443 --backend dev --secret KEY",
                "sigil-vault routes list --json"),
            RoutesAddCommand.Create(context), RoutesListCommand.Create(context), RoutesRemoveCommand.Create(context));
    }

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
