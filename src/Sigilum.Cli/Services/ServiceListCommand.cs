using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service list</c>: the control plane's services joined with the gateway's connections by id.</summary>
internal static class ServiceListCommand
{
    public static Command Create(CliContext context)
    {
        var options = new ServiceOptions();
        return CommandDeclaration.Define("list", [.. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var owner = options.OpenOwner(context, parseResult);
            using var gateway = options.OpenGateway(context, parseResult);
            var services = (await owner.Client.SendAsync(HttpMethod.Get, owner.NamespacePath + "/services", null, cancellationToken))?["services"] as JsonArray ?? [];
            JsonArray? connections = null;
            try
            {
                connections = (await gateway.SendAsync(HttpMethod.Get, "/connections", null, cancellationToken))?["connections"] as JsonArray ?? [];
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.Network)
            {
                context.Output.WriteWarning(ex.Message);
            }
            var rows = Join(services, connections ?? []);
            return context.Output.Report(parseResult.GetValue(options.Json),
                () => new JsonObject
                {
                    ["command"] = "service list",
                    ["namespace"] = owner.Namespace,
                    ["apiUrl"] = ApiUrl.Display(owner.Client.BaseUrl),
                    ["gatewayUrl"] = gateway.Display,
                    ["gatewayReachable"] = connections is not null,
                    ["services"] = new JsonArray([.. rows]),
                },
                output => Print(context, owner.Namespace, rows));
        });
    }

    /// <summary>One row per id found in either list, sorted by id.</summary>
    public static List<JsonNode> Join(JsonArray services, JsonArray connections)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connections);
        var byService = services.Where(s => ServiceFields.Text(s, "slug") is not null).ToDictionary(s => ServiceFields.Text(s, "slug")!, StringComparer.Ordinal);
        var byConnection = connections.Where(c => ServiceFields.Text(c, "id") is not null).ToDictionary(c => ServiceFields.Text(c, "id")!, StringComparer.Ordinal);
        return [.. byService.Keys.Union(byConnection.Keys).Order(StringComparer.Ordinal).Select(id => Row(id, byService.GetValueOrDefault(id), byConnection.GetValueOrDefault(id)))];
    }

    public static JsonObject Row(string id, JsonNode? service, JsonNode? connection) => new()
    {
        ["id"] = id,
        ["name"] = ServiceFields.Text(service, "name") ?? ServiceFields.Text(connection, "name"),
        ["base_url"] = ServiceFields.Text(connection, "base_url"),
        ["auth_mode"] = ServiceFields.Text(connection, "auth_mode"),
        ["status"] = ServiceFields.Text(connection, "status"),
        ["secret_version"] = ServiceFields.Number(connection, "secret_version"),
        ["last_test_status"] = ServiceFields.Text(connection, "last_test_status"),
        ["last_tested_at"] = ServiceFields.Text(connection, "last_tested_at"),
        ["next_rotation_due_at"] = ServiceFields.Text(connection, "next_rotation_due_at"),
        ["in_control_plane"] = service is not null,
        ["in_gateway"] = connection is not null,
        ["service"] = service?.DeepClone(),
        ["connection"] = connection?.DeepClone(),
    };

    private static void Print(CliContext context, string ns, List<JsonNode> rows)
    {
        var console = context.Output.Console;
        if (rows.Count == 0)
        {
            console.WriteLine($"No services in {ns}. Add one with: sigilum service add --template openai --name OpenAI --secret-env api_key=OPENAI_API_KEY");
            return;
        }
        var table = new Table().AddColumns("id", "name", "upstream", "auth", "status", "secret", "last test", "rotation due", "where");
        foreach (var row in rows)
        {
            var where = (row["in_control_plane"]!.GetValue<bool>(), row["in_gateway"]!.GetValue<bool>()) switch
            {
                (true, true) => "both",
                (true, false) => "[yellow]control plane only[/]",
                _ => "[yellow]gateway only[/]",
            };
            var status = ServiceFields.Show(row, "status");
            table.AddRow(
                new Text(ServiceFields.Show(row, "id")),
                new Text(ServiceFields.Show(row, "name")),
                new Text(ServiceFields.Show(row, "base_url")),
                new Text(ServiceFields.Show(row, "auth_mode")),
                new Markup(status == "active" ? "[green]active[/]" : Markup.Escape(status)),
                new Text(ServiceFields.Number(row, "secret_version") is { } v ? "v" + v : "-"),
                new Text(ServiceFields.LastTest(row)),
                new Text(ServiceFields.Date(row, "next_rotation_due_at")),
                new Markup(where));
        }
        console.Write(table);
    }
}
