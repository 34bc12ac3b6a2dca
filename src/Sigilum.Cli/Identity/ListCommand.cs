using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Spectre.Console;

namespace Sigilum.Cli.Identity;

/// <summary><c>sigilum list</c>: the namespaces that have an identity in the home directory.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var local = new HomeOptions();
        return CommandDeclaration.Define("list", local.Symbols).WithAction(parseResult => Run(context, parseResult.GetValue(local.Home), local.AsJson(parseResult)));
    }

    private static int Run(CliContext context, string? home, bool json)
    {
        var store = context.OpenStore(home);
        var namespaces = store.ListNamespaces();
        return context.Output.Report(json, () => new JsonObject
        {
            ["command"] = "list",
            ["homeDir"] = store.HomeDirectory,
            ["count"] = namespaces.Count,
            ["namespaces"] = new JsonArray(namespaces.Select(ns => (JsonNode)JsonValue.Create(ns)).ToArray()),
        }, output =>
        {
            var console = output.Console;
            if (namespaces.Count == 0)
            {
                console.MarkupLineInterpolated($"No identities in {store.IdentitiesDirectory}. Create one with: sigilum init <namespace>");
                return;
            }
            var table = new Table().AddColumns("Namespace", "Key id", "Created");
            foreach (var ns in namespaces)
            {
                var record = store.LoadIdentity(ns);
                if (record.IsSuccess)
                {
                    table.AddRow(new Text(ns), new Text(record.Value.KeyId), new Text(record.Value.CreatedAt));
                }
                else
                {
                    table.AddRow(new Text(ns), new Markup("[red]invalid[/]"), new Text(record.Error.Reason));
                }
            }
            console.Write(table);
            console.MarkupLineInterpolated($"[grey]{namespaces.Count} identit{(namespaces.Count == 1 ? "y" : "ies")} in {store.IdentitiesDirectory}[/]");
        });
    }
}
