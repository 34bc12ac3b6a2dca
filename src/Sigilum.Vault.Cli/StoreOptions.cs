using System.CommandLine;
using Npgsql;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli;

/// <summary>
/// Where every command finds the vault's configuration (ADR 0068): <c>--store</c> (else <c>SIGILUM_VAULT_STORE</c>, else
/// sqlite). PostgreSQL's connection string comes from <c>SIGILUM_VAULT_POSTGRES</c> or from a file
/// (<c>--postgres-file</c>, else <c>SIGILUM_VAULT_POSTGRES_FILE</c>) — never from a flag's value, which any user sees
/// in the process list — and is never printed. One definition on the root, so <c>start</c>, <c>init</c>, <c>doctor</c>
/// and every config command (routes, agents, backends, trust) reach the same store.
/// </summary>
internal sealed class StoreOptions
{
    public const string StoreVariable = "SIGILUM_VAULT_STORE";
    public const string PostgresVariable = "SIGILUM_VAULT_POSTGRES";
    public const string PostgresFileVariable = "SIGILUM_VAULT_POSTGRES_FILE";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"Where the configuration and jti replay live: sqlite (<home>/vault, one instance) or postgres (shared by several instances) [default: ${StoreVariable}, else sqlite].",
        HelpName = "sqlite|postgres",
        Recursive = true,
    };

    public Option<string?> PostgresFile { get; } = new("--postgres-file")
    {
        Description = $"A file holding the PostgreSQL connection string for --store postgres [default: ${PostgresFileVariable}; or the string itself in ${PostgresVariable}].",
        HelpName = "file",
        Recursive = true,
    };

    /// <summary>The store this invocation names; a usage error when postgres has no (valid) connection string.</summary>
    public VaultStoreLocation Resolve(ParseResult parseResult, VaultCliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment.GetVariable;
        var kind = (NonEmpty(parseResult.GetValue(Store)) ?? NonEmpty(env(StoreVariable)) ?? VaultStoreLocation.Sqlite).ToLowerInvariant();
        if (kind == VaultStoreLocation.Sqlite)
        {
            return VaultStoreLocation.Default;
        }
        if (kind != VaultStoreLocation.Postgres)
        {
            throw new CliException(ExitCodes.Usage, $"The vault store must be sqlite or postgres, not '{kind}' (from --store or {StoreVariable}).");
        }
        var file = NonEmpty(parseResult.GetValue(PostgresFile)) ?? NonEmpty(env(PostgresFileVariable));
        var connection = file is not null ? ReadConnectionFile(context.ResolvePath(file)) : NonEmpty(env(PostgresVariable));
        if (connection is null)
        {
            throw new CliException(ExitCodes.Usage,
                $"--store postgres needs a connection string: set {PostgresVariable}, or name a file holding it with --postgres-file or {PostgresFileVariable}.");
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException)
        {
            // Not echoed: the text may hold a password.
            throw new CliException(ExitCodes.Usage, "The PostgreSQL connection string is not valid (it is not shown).");
        }
        return VaultStoreLocation.ForPostgres(connection);
    }

    private static string ReadConnectionFile(string path)
    {
        try
        {
            return NonEmpty(File.ReadAllText(path).Trim()) ?? throw new CliException(ExitCodes.Usage, $"The PostgreSQL connection file {path} is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"Cannot read the PostgreSQL connection file {path} ({ex.GetType().Name}).");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
