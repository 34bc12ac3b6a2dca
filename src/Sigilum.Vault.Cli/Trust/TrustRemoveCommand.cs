using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust remove</c>.</summary>
internal static class TrustRemoveCommand
{
    public static Command Create(VaultCliContext context)
    {
        var kid = new Argument<string>("kid") { Description = "The anchor's key id." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a trust anchor; attestations under its kid are refused from the next request on.") { kid, home, json };
        context.Examples.Add(command, "sigil-vault trust remove sigil-2026-01");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var id = parseResult.GetValue(kid)!;
            if (!await store.RemoveTrustAnchorAsync(id, cancellationToken))
            {
                throw new CliException(ExitCodes.NotFound, $"No trust anchor with kid '{id}'.");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "trust remove", ["kid"] = id, ["removed"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Removed trust anchor {id}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
