using System.CommandLine;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli;

/// <summary>What every command needs: environment, output and the vault's files.</summary>
internal sealed class VaultCliContext(VaultCliEnvironment environment, CliOutput output)
{
    public VaultCliEnvironment Environment { get; } = environment;

    public CliOutput Output { get; } = output;

    /// <summary><c>--store</c> and <c>--postgres-file</c>, on the root for every command (ADR 0068).</summary>
    public StoreOptions StoreOptions { get; } = new();

    /// <summary>The store this invocation names (sqlite unless <c>--store</c> or the environment say postgres).</summary>
    public VaultStoreLocation StoreLocation(ParseResult parseResult) => StoreOptions.Resolve(parseResult, this);

    public VaultPaths Paths(string? home) => VaultPaths.Resolve(home is null ? null : ResolvePath(home), Environment.GetVariable);

    public VaultPaths Paths(ParseResult parseResult, Option<string?> home) => Paths(parseResult.GetValue(home));

    public async Task<VaultStore> OpenStoreAsync(ParseResult parseResult, Option<string?> home, CancellationToken cancellationToken)
    {
        try
        {
            return await VaultStore.OpenAsync(Paths(parseResult, home), StoreLocation(parseResult), Environment.Time, cancellationToken);
        }
        catch (VaultStoreException ex)
        {
            throw new CliException(ExitCodes.NotFound, ex.Message);
        }
        catch (StoreUnavailableException ex)
        {
            throw new CliException(ExitCodes.Network, ex.Message);
        }
    }

    public string ResolvePath(string path) =>
        path.StartsWith('~') ? path : Path.GetFullPath(path, Environment.CurrentDirectory);
}
