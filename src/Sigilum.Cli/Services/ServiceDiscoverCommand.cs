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
        var command = context.Examples.Define("discover", "List an MCP service's tools now (initialize + tools/list through the gateway) and show which are exposed.",
            new CommandManual(
                "POST /api/admin/connections/<id>/discover?refresh=<mode>: the gateway connects to the MCP server with the connection's " +
                "credential, lists its tools and stores them on the connection (agents' /mcp/<id>/tools then answer from that list while " +
                "it is fresh). The source says where the answer came from: refreshed (asked the server now), cache_hit (auto mode, the " +
                "stored list was fresh) or stale_if_error (auto mode, the server failed and the stored list is still within its grace " +
                "period). Each tool shows whether the connection's policy exposes it and why (reason codes as in the gateway's explain " +
                "route). --json prints {command, id, source, mcp:{policy, effectivePolicy, tools:[{name, description, allowed, reason_code}], …}}. " +
                "Exit codes: 3 unknown id, 2 not an MCP service, 5 the MCP server could not be reached (MCP_DISCOVERY_FAILED).",
                "sigilum service discover linear",
                "sigilum service discover linear --refresh auto --json | jq '.mcp.tools[].name'"),
            id, refresh);
        options.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
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
        return command;
    }
}
