using Microsoft.Data.Sqlite;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Migrations;

namespace Sigilum.Vault.Store;

internal sealed partial class VaultStore
{
    /// <summary>
    /// Enables WAL and applies the embedded migrations not yet recorded, in one transaction (the shared migrator). A
    /// store recording a migration this build does not know, or a different checksum, is refused (STO-11).
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SqliteMigrator.ForEmbedded(_database, typeof(VaultStore).Assembly, "Sigilum.Vault.Store.Migrations.").MigrateAsync(_time.GetUtcNow(), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Another build's schema, or a file SQLite will not run in WAL mode: the store cannot be used as it is.
            throw new VaultStoreException($"The vault store {Path} cannot be used: {ex.Message}");
        }
    }

    /// <summary>A reader of the configuration version on its own connection (the proxy's per-request check); the caller disposes it.</summary>
    public ConfigVersionReader CreateVersionReader() =>
        new(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWrite, Cache = SqliteCacheMode.Private, Pooling = false }.ToString());

    /// <summary>The current configuration version (one indexed read).</summary>
    public Task<long> GetVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadVersionAsync(session, cancellationToken), cancellationToken);

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(session => GetSettingAsync(session, name, cancellationToken), cancellationToken);

    private static async Task<string?> GetSettingAsync(SqlSession session, string name, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT value FROM settings WHERE name = @n").With("@n", name);
        return (string?)await command.ScalarAsync(cancellationToken);
    }

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("INSERT INTO settings(name, value) VALUES (@n, @v) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
                .With("@n", name).With("@v", value);
            return await command.ExecuteAsync(cancellationToken);
        }, cancellationToken);

    public Task SetAudienceAsync(string audience, CancellationToken cancellationToken = default) => SetSettingAsync(AudienceSetting, audience, cancellationToken);
}
