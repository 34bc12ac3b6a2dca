using System.CommandLine;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust remove</c>.</summary>
internal static class TrustRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "trust remove", new Argument<string>("kid") { Description = "The anchor's key id." }, "trust anchor",
            "Remove a trust anchor; attestations under its kid are refused from the next request on.",
            new CommandManual(null, "sigil-vault trust remove sigil-2026-01"),
            (store, id, cancellationToken) => StoreCommand.Require(store.RemoveTrustAnchorAsync(id, cancellationToken), $"No trust anchor with kid '{id}'."));
}
