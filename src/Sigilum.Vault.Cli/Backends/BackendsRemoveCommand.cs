using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends remove</c>.</summary>
internal static class BackendsRemoveCommand
{
    public static Command Create(VaultCliContext context)
    {
        var name = new Argument<string>("name") { Description = "The backend to remove (no route may use it)." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a backend no route uses.") { name, home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var backendName = parseResult.GetValue(name)!;
            switch (await store.RemoveBackendAsync(backendName, cancellationToken))
            {
                case "not_found":
                    throw new CliException(ExitCodes.NotFound, $"No backend '{backendName}'.");
                case "in_use":
                    throw new CliException(ExitCodes.Usage, $"Routes still use '{backendName}'; remove them first (sigil-vault routes list).");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends remove", ["name"] = backendName, ["removed"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Removed backend {backendName}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
