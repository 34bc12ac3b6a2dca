using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends list</c>.</summary>
internal static class BackendsListCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.List(context,
            (store, cancellationToken) => store.ListBackendsAsync(cancellationToken),
            backends => new JsonObject { ["command"] = "backends list", ["backends"] = new JsonArray([.. backends.Select(BackendsCommand.ToJson)]) },
            new TableReport<BackendConfig>("No backends. Add one with: sigil-vault backends add --name <name> --kind env",
                ["name", "kind", "options"],
                b => [b.Name, b.Kind, string.Join(",", b.Options.Select(o => o.Key + "=" + o.Value))]));
}
