using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust list</c>.</summary>
internal static class TrustListCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.List(context,
            (store, cancellationToken) => store.ListTrustAnchorsAsync(cancellationToken),
            anchors => new JsonObject { ["command"] = "trust list", ["anchors"] = new JsonArray([.. anchors.Select(TrustCommand.ToJson)]) },
            new TableReport<TrustAnchor>("No trust anchors. Add one with: sigil-vault trust add --kid <kid> --fingerprint sha256:<hex> --jwks-url <url>",
                ["kid", "fingerprint", "issuer", "source"],
                a => [a.Kid, a.Fingerprint, a.Issuer, a.Source]));
}
