using Npgsql;
using Sigilum.Storage.Data;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Postgres.Migrations;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>
/// The vault's store on PostgreSQL, shared by every vault instance (ADR 0068). Writers serialise on an advisory lock
/// (as SQLite's <c>BEGIN IMMEDIATE</c> does), so a check-then-write such as <c>routes add</c> stays atomic; the version
/// bump sends <c>NOTIFY sigil_vault_config</c>, delivered at commit to every instance's <see cref="PostgresConfigWatcher"/>.
/// </summary>
internal sealed class PostgresVaultEngine : VaultStoreEngine
{
    public const string Channel = "sigil_vault_config";

    private readonly PostgresDatabase _database;
    private readonly PostgresWatchOptions _watch;

    public PostgresVaultEngine(string connectionString, PostgresWatchOptions watch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _database = new PostgresDatabase(NpgsqlDataSource.Create(connectionString));
        _watch = watch;
    }

    public override RelationalDatabase Database => _database;

    public override string Description => "PostgreSQL";

    public override bool IsShared => true;

    public override string? WriteLockSql => AdvisoryLocks.VaultConfigSql;

    public override string BumpVersionSql => $"""
        WITH bumped AS (UPDATE config_version SET version = version + 1 WHERE id = 0 RETURNING version)
        SELECT pg_notify('{Channel}', version::text) FROM bumped
        """;

    public override async Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await PostgresMigrator.ForEmbedded(_database, typeof(PostgresVaultEngine).Assembly, "Sigilum.Vault.Store.Postgres.Migrations.",
                AdvisoryLocks.VaultMigrationsSql, "vault_migrations").MigrateAsync(now, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Another build's schema (STO-11).
            throw new VaultStoreException($"The vault store on PostgreSQL cannot be used: {ex.Message}");
        }
    }

    public override async Task<IConfigVersionSource> CreateVersionSourceAsync(CancellationToken cancellationToken)
    {
        var watcher = new PostgresConfigWatcher(_database.Source, _watch);
        try
        {
            await watcher.StartAsync(cancellationToken);
            return watcher;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }
    }

    public override ValueTask DisposeAsync() => _database.Source.DisposeAsync();
}
