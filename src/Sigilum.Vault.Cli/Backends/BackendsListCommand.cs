using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends list</c>.</summary>
internal static class BackendsListCommand
{
    public static Command Create(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List backends.") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var backends = await store.ListBackendsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends list", ["backends"] = new JsonArray([.. backends.Select(BackendsCommand.ToJson)]) });
                return ExitCodes.Ok;
            }
            if (backends.Count == 0)
            {
                context.Output.Out.WriteLine("No backends. Add one with: sigil-vault backends add --name <name> --kind env");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("name", "kind", "options");
            foreach (var b in backends)
            {
                table.AddRow(new Text(b.Name), new Text(b.Kind), new Text(string.Join(",", b.Options.Select(o => o.Key + "=" + o.Value))));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
