using System.CommandLine;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli;

/// <summary>What every command needs: environment, output and the vault's files.</summary>
internal sealed class VaultCliContext(VaultCliEnvironment environment, CliOutput output)
{
    public VaultCliEnvironment Environment { get; } = environment;

    public CliOutput Output { get; } = output;

    public VaultPaths Paths(string? home) => VaultPaths.Resolve(home is null ? null : ResolvePath(home), Environment.GetVariable);

    public VaultPaths Paths(ParseResult parseResult, Option<string?> home) => Paths(parseResult.GetValue(home));

    public async Task<VaultStore> OpenStoreAsync(ParseResult parseResult, Option<string?> home, CancellationToken cancellationToken)
    {
        try
        {
            return await VaultStore.OpenAsync(Paths(parseResult, home), Environment.Time, cancellationToken);
        }
        catch (VaultStoreException ex)
        {
            throw new CliException(ExitCodes.NotFound, ex.Message);
        }
    }

    public string ResolvePath(string path) =>
        path.StartsWith('~') ? path : Path.GetFullPath(path, Environment.CurrentDirectory);
}
