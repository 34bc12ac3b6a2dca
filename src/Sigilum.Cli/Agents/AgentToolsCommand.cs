using System.CommandLine;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// <c>sigilum agent tools &lt;connection&gt;</c>: what the agent may use through a connection, and the signed check
/// that it may use it at all. MCP connections: <c>GET /mcp/&lt;id&gt;/tools</c>; HTTP connections:
/// <c>GET /proxy/&lt;id&gt;/</c> (the upstream's root, as Sigilum's helper probes).
/// </summary>
internal static class AgentToolsCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new Argument<string>("connection") { Description = "Gateway connection id, e.g. sigilum-secure-linear." };
        var options = new AgentOptions();
        var protocol = new AgentProtocolOption();
        return CommandDeclaration.Define("tools", [connection, .. options.Symbols, protocol.Option]).WithAction(async (parseResult, cancellationToken) =>
        {
            var id = AgentInput.ConnectionId(parseResult.GetRequiredValue(connection));
            var settings = options.Resolve(parseResult, context);
            var chosen = protocol.Resolve(parseResult, context.Environment.GetVariable);
            return await AgentExchange.RunAsync(context, "agent tools", settings, id, async (client, token) =>
            {
                var route = chosen == ConnectionProtocol.Auto ? await client.LookupProtocolAsync(id, token) : chosen;
                var probe = "/proxy/" + id + "/";
                if (route == ConnectionProtocol.Http)
                {
                    return await client.SendAsync(HttpMethod.Get, probe, null, token);
                }
                var tools = await client.SendAsync(HttpMethod.Get, "/mcp/" + id + "/tools", null, token);
                // A gateway that does not serve MCP routes answers 404 NOT_FOUND before any signature check.
                return route == ConnectionProtocol.Auto && tools.Status == 404 && tools.Code == ErrorCatalogue.NotFound
                    ? await client.SendAsync(HttpMethod.Get, probe, null, token)
                    : tools;
            }, cancellationToken);
        });
    }
}
