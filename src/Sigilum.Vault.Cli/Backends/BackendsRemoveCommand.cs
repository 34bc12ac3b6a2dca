using System.CommandLine;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends remove</c>.</summary>
internal static class BackendsRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "backends remove", new Argument<string>("name") { Description = "The backend to remove (no route may use it)." }, "backend", RemoveAsync);

    private static async Task RemoveAsync(VaultStore store, string backendName, CancellationToken cancellationToken)
    {
        switch (await store.RemoveBackendAsync(backendName, cancellationToken))
        {
            case "not_found":
                throw new CliException(ExitCodes.NotFound, $"No backend '{backendName}'.");
            case "in_use":
                throw new CliException(ExitCodes.Usage, $"Routes still use '{backendName}'; remove them first (sigil-vault routes list).");
        }
    }
}
