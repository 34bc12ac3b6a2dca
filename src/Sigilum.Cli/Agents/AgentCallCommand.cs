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
        return CommandDeclaration.Define("call", [connection, tool, arguments, .. options.Symbols, protocol.Option]).WithAction(async (parseResult, cancellationToken) =>
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
    }
}
