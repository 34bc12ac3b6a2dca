using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service discover &lt;id&gt;</c>: the gateway lists the MCP server's tools now and keeps them.</summary>
internal static class ServiceDiscoverCommand
{
    public const string SourceHeader = "X-Sigilum-MCP-Discovery";

    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id) of an MCP service." };
        var refresh = new Option<string?>("--refresh")
        {
            Description = "force: ask the MCP server now; auto: only when the stored list is older than the gateway's cache TTL [default: force].",
            HelpName = "mode",
        };
        refresh.AcceptOnlyFromAmong("force", "auto");
        var options = new ServiceOptions();
        return CommandDeclaration.Define("discover", [id, refresh, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var mode = parseResult.GetValue(refresh) ?? "force";
            using var gateway = options.OpenGateway(context, parseResult);
            var path = "/connections/" + ApiClient.Segment(serviceId);
            var json = parseResult.GetValue(options.Json);
            if (!json)
            {
                context.Output.Error.WriteLine($"Discovering the tools of {serviceId} through the gateway at {gateway.Display} …");
            }
            var discovered = await gateway.TrySendAsync(HttpMethod.Post, path + "/discover?refresh=" + mode, null, cancellationToken);
            if (!discovered.IsSuccess)
            {
                throw gateway.ToException(discovered);
            }
            var source = discovered.Headers.GetValueOrDefault(SourceHeader) ?? "refreshed";
            // The discovery answer has the tools but not the policy: the connection has both.
            var connection = await gateway.SendAsync(HttpMethod.Get, path, null, cancellationToken);
            return context.Output.Report(json,
                () => new JsonObject
                {
                    ["command"] = "service discover",
                    ["id"] = serviceId,
                    ["source"] = source,
                    ["mcp"] = McpPolicyOutput.Describe(connection, subject: null),
                },
                output =>
                {
                    var count = (connection?["mcp_discovery"]?["tools"] as JsonArray)?.Count ?? 0;
                    output.Console.MarkupLine($"[green]{count} tools[/] on [bold]{Markup.Escape(serviceId)}[/] ({Markup.Escape(source)}).");
                    McpPolicyOutput.Write(output.Console, connection, subject: null);
                });
        });
    }
}
