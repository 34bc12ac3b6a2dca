using System.CommandLine;

namespace Sigilum.Cli.Agents;

/// <summary>
/// <c>sigilum agent proxy &lt;connection&gt; &lt;METHOD&gt; &lt;path&gt; [json-body]</c>: one call to the provider behind an
/// HTTP connection (<c>/proxy/&lt;id&gt;/&lt;path&gt;</c>), signed as the agent; the gateway injects the credential.
/// </summary>
internal static class AgentProxyCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new Argument<string>("connection") { Description = "Gateway connection id, e.g. sigilum-secure-openai." };
        var method = new Argument<string>("METHOD") { Description = "GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS." };
        var path = new Argument<string>("path") { Description = "Upstream path and query, e.g. /v1/models?limit=5." };
        var body = new Argument<string?>("json-body") { Description = "Request body, JSON (sent as application/json).", Arity = ArgumentArity.ZeroOrOne };
        var options = new AgentOptions();
        return CommandDeclaration.Define("proxy", [connection, method, path, body, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var id = AgentInput.ConnectionId(parseResult.GetRequiredValue(connection));
            var verb = AgentInput.Method(parseResult.GetRequiredValue(method));
            var target = AgentInput.UpstreamPath(parseResult.GetRequiredValue(path));
            var json = parseResult.GetValue(body) is { Length: > 0 } text ? AgentInput.Json(text, "json-body", objectOnly: false) : null;
            var settings = options.Resolve(parseResult, context);
            return await AgentExchange.RunAsync(context, "agent proxy", settings, id,
                (client, token) => client.SendAsync(verb, "/proxy/" + id + target, json, token), cancellationToken);
        });
    }
}
