using Microsoft.Data.Sqlite;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Sqlite.Migrations;

namespace Sigilum.Vault.Store;

/// <summary>
/// The vault's store on one SQLite file (WAL), as it has always been: the same schema, ledger and migrations, so an
/// existing <c>vault.db</c> opens with its data. Writers serialise on <c>BEGIN IMMEDIATE</c>; the proxy reads the
/// version from the file per request, so a CLI change applies to the very next request (JWT-19).
/// </summary>
internal sealed class SqliteVaultEngine(string path) : VaultStoreEngine
{
    private readonly SqliteDatabase _database = new(path, TimeSpan.FromSeconds(5));

    public override RelationalDatabase Database => _database;

    public override string Description => path;

    public override bool IsShared => false;

    public override string? WriteLockSql => null;

    public override string BumpVersionSql => "UPDATE config_version SET version = version + 1 WHERE id = 0";

    public override async Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await SqliteMigrator.ForEmbedded(_database, typeof(VaultStore).Assembly, "Sigilum.Vault.Store.Migrations.").MigrateAsync(now, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Another build's schema, or a file SQLite will not run in WAL mode: the store cannot be used as it is.
            throw new VaultStoreException($"The vault store {path} cannot be used: {ex.Message}");
        }
    }

    public override Task<IConfigVersionSource> CreateVersionSourceAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IConfigVersionSource>(new ConfigVersionReader(
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Cache = SqliteCacheMode.Private, Pooling = false }.ToString()));

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
