using System.CommandLine;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust remove</c>.</summary>
internal static class TrustRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "trust remove", new Argument<string>("kid") { Description = "The anchor's key id." }, "trust anchor",
            (store, id, cancellationToken) => StoreCommand.Require(store.RemoveTrustAnchorAsync(id, cancellationToken), $"No trust anchor with kid '{id}'."));
}
