using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents list</c>.</summary>
internal static class AgentsListCommand
{
    public static Command Create(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List agents (tokens are never shown).") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var agents = await store.ListAgentsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "agents list", ["agents"] = new JsonArray([.. agents.Select(AgentsCommand.ToJson)]) });
                return ExitCodes.Ok;
            }
            if (agents.Count == 0)
            {
                context.Output.Out.WriteLine("No agents. Create one with: sigil-vault agents create --name <name>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "name", "status", "created");
            foreach (var a in agents)
            {
                table.AddRow(new Text(a.Id), new Text(a.Name), new Text(a.IsActive ? "active" : "revoked"), new Text(AgentsCommand.Format(a.CreatedAt)));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
