using System.CommandLine;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary><c>sigilum agent call &lt;connection&gt; &lt;tool&gt; [json-args]</c>: one MCP tool call through the gateway, signed as the agent.</summary>
internal static class AgentCallCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new Argument<string>("connection") { Description = "Gateway connection id of an MCP server." };
        var tool = new Argument<string>("tool") { Description = "Tool name, as `agent tools` lists it." };
        var arguments = new Argument<string?>("json-args") { Description = "Tool arguments, a JSON object [default: {}].", Arity = ArgumentArity.ZeroOrOne };
        var options = new AgentOptions();
        var protocol = new AgentProtocolOption();
        var command = new Command("call", "Call an MCP tool through the gateway, signed as the agent.") { connection, tool, arguments };
        options.AddTo(command);
        protocol.AddTo(command);
        context.Examples.AddDetails(command,
            "POST /mcp/<connection>/tools/<tool>/call with the arguments object as the body. A connection the gateway " +
            "describes as http is refused (AGENT_CONNECTION_IS_HTTP): use `agent proxy`. Output as for `agent proxy`.");
        context.Examples.Add(command,
            "sigilum agent call sigilum-secure-linear list_issues '{\"first\":5}'",
            "sigilum agent call sigilum-secure-github search_repositories '{\"query\":\"sigilum\"}' --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = AgentInput.ConnectionId(parseResult.GetRequiredValue(connection));
            var name = AgentInput.ToolName(parseResult.GetRequiredValue(tool));
            var body = AgentInput.Json(parseResult.GetValue(arguments) ?? "{}", "json-args", objectOnly: true);
            var settings = options.Resolve(parseResult, context);
            var chosen = protocol.Resolve(parseResult, context.Environment.GetVariable);
            return await AgentExchange.RunAsync(context, "agent call", settings, id, async (client, token) =>
            {
                var route = chosen == ConnectionProtocol.Auto ? await client.LookupProtocolAsync(id, token) : chosen;
                if (route == ConnectionProtocol.Http)
                {
                    throw new CliException(ExitCodes.Usage,
                        $"Connection {id} is an HTTP connection, not an MCP server; use: sigilum agent proxy {id} POST /<path> '<json-body>' ({ErrorCatalogue.AgentConnectionIsHttp})");
                }
                return await client.SendAsync(HttpMethod.Post, "/mcp/" + id + "/tools/" + Uri.EscapeDataString(name) + "/call", body, token);
            }, cancellationToken);
        });
        return command;
    }
}
