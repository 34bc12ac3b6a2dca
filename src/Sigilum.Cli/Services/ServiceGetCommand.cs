using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service get &lt;id&gt;</c>: one service from both sides, and whether the gateway holds its key.</summary>
internal static class ServiceGetCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id)." };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("get", [id, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            using var owner = options.OpenOwner(context, parseResult);
            using var gateway = options.OpenGateway(context, parseResult);
            var service = await owner.Client.TrySendAsync(HttpMethod.Get, owner.NamespacePath + "/services/" + ApiClient.Segment(serviceId), null, cancellationToken);
            if (!service.IsSuccess && service.Status != 404)
            {
                throw ApiProblems.ToException(service, ownerCall: true);
            }
            var connection = await gateway.TrySendAsync(HttpMethod.Get, "/connections/" + ApiClient.Segment(serviceId), null, cancellationToken);
            if (!connection.IsSuccess && connection.Status != 404)
            {
                throw gateway.ToException(connection);
            }
            if (!service.IsSuccess && !connection.IsSuccess)
            {
                throw new CliException(ExitCodes.NotFound, $"No service '{serviceId}' in the control plane or the gateway; see: sigilum service list");
            }
            var key = await gateway.SendAsync(HttpMethod.Get, "/service-api-keys/" + ApiClient.Segment(serviceId), null, cancellationToken);
            var serviceNode = service.IsSuccess ? service.Body : null;
            var connectionNode = connection.IsSuccess ? connection.Body : null;
            return context.Output.Report(parseResult.GetValue(options.Json),
                () => new JsonObject
                {
                    ["command"] = "service get",
                    ["id"] = serviceId,
                    ["service"] = serviceNode?.DeepClone(),
                    ["connection"] = connectionNode?.DeepClone(),
                    ["serviceKey"] = key?.DeepClone(),
                    ["mcp"] = McpConnectionJson.IsMcp(connectionNode) ? McpPolicyOutput.Describe(connectionNode, subject: null) : null,
                },
                output =>
                {
                    var table = new Table().AddColumns("service", string.Empty).HideHeaders();
                    table.AddRow("id", Markup.Escape(serviceId));
                    table.AddRow("name", Markup.Escape(ServiceFields.Text(serviceNode, "name") ?? ServiceFields.Show(connectionNode, "name")));
                    table.AddRow("control plane", serviceNode is null ? "[yellow]missing[/]" : "present, upstream hosts " + Markup.Escape(string.Join(", ", (serviceNode["upstream_hosts"] as JsonArray ?? []).Select(h => h?.ToString()))));
                    if (connectionNode is null)
                    {
                        table.AddRow("gateway", "[yellow]no connection[/]");
                    }
                    else
                    {
                        table.AddRow("base url", Markup.Escape(ServiceFields.Show(connectionNode, "base_url") + (ServiceFields.Text(connectionNode, "path_prefix") ?? string.Empty)));
                        if (McpConnectionJson.IsMcp(connectionNode))
                        {
                            table.AddRow("mcp", Markup.Escape($"{ServiceFields.Show(connectionNode, "mcp_transport")}, endpoint {ServiceFields.Show(connectionNode, "mcp_endpoint")}"));
                        }
                        table.AddRow("auth", Markup.Escape($"{ServiceFields.Show(connectionNode, "auth_mode")} {ServiceFields.Show(connectionNode, "auth_header_name")} (secret {ServiceFields.Show(connectionNode, "auth_secret_key")})"));
                        table.AddRow("secrets", Markup.Escape(string.Join(", ", (connectionNode["credential_keys"] as JsonArray ?? []).Select(k => k?.ToString())) + $" (version {ServiceFields.Number(connectionNode, "secret_version")})"));
                        table.AddRow("status", Markup.Escape(ServiceFields.Show(connectionNode, "status")));
                        table.AddRow("last test", Markup.Escape(ServiceFields.LastTest(connectionNode)));
                        table.AddRow("last rotated", Markup.Escape(ServiceFields.Date(connectionNode, "last_rotated_at")));
                        table.AddRow("rotation due", Markup.Escape(ServiceFields.Date(connectionNode, "next_rotation_due_at")));
                    }
                    table.AddRow("service key", key?["has_key"] is JsonValue has && has.GetValue<bool>() ? "stored (" + Markup.Escape(ServiceFields.Show(key, "key_prefix")) + ")" : "[yellow]not stored in the gateway[/]");
                    output.Console.Write(table);
                    if (McpConnectionJson.IsMcp(connectionNode))
                    {
                        McpPolicyOutput.Write(output.Console, connectionNode, subject: null);
                    }
                });
        });
    }
}
