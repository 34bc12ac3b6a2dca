using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust remove</c>.</summary>
internal static class TrustRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "remove", new Argument<string>("kid") { Description = "The anchor's key id." },
            "Remove a trust anchor; attestations under its kid are refused from the next request on.",
            new CommandManual(null, "sigil-vault trust remove sigil-2026-01"),
            async (store, id, cancellationToken) =>
            {
                if (!await store.RemoveTrustAnchorAsync(id, cancellationToken))
                {
                    throw new CliException(ExitCodes.NotFound, $"No trust anchor with kid '{id}'.");
                }
            },
            id => new JsonObject { ["command"] = "trust remove", ["kid"] = id, ["removed"] = true },
            id => $"Removed trust anchor {id}.");
}
