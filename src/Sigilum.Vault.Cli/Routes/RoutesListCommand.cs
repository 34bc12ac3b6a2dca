using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes list</c>.</summary>
internal static class RoutesListCommand
{
    public static Command Create(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List routes in match order.") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var routes = await store.ListRoutesAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "routes list", ["routes"] = new JsonArray([.. routes.Select(RoutesCommand.ToJson)]) });
                return ExitCodes.Ok;
            }
            if (routes.Count == 0)
            {
                context.Output.Out.WriteLine("No routes. Add one with: sigil-vault routes add --agent-id <id> --host <host> --path '/*' --backend <name> --secret <ref>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "agent", "scheme", "host", "port", "path", "backend", "secret", "inject", "private");
            foreach (var r in routes)
            {
                table.AddRow(new Text(r.Id), new Text(r.AgentId), new Text(r.Scheme), new Text(r.HostPattern), new Text(r.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(r.PathGlob), new Text(r.Backend), new Text(r.SecretRef),
                    new Text(RoutesCommand.Injection(r)), new Text(r.AllowPrivateNetwork ? "yes" : "no"));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
