using System.Reflection;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;
using Sigilum.Storage.Migrations;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Migrations;

/// <summary>
/// SQLite's side of migrating: WAL first (outside any transaction), then the shared <see cref="RelationalMigrator"/>
/// inside one <c>BEGIN IMMEDIATE</c>, where two processes starting at once serialise on the write lock. Used by every
/// Sigilum SQLite file, each with its own scripts and ledger: the control-plane store, the replay store, the vault's store.
/// </summary>
/// <param name="database">The file.</param>
/// <param name="migrations">Its scripts, in version order.</param>
/// <param name="ledger">The table recording which scripts were applied.</param>
internal sealed class SqliteMigrator(SqliteDatabase database, IReadOnlyList<Migration> migrations, string ledger = "schema_migrations")
{

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(SqliteMigrator).Assembly, "Sigilum.Storage.Sqlite.Migrations."));

    /// <summary>A migrator for the scripts <paramref name="assembly"/> embeds under <paramref name="prefix"/> (a store outside this project, e.g. the vault's).</summary>
    public static SqliteMigrator ForEmbedded(SqliteDatabase database, Assembly assembly, string prefix) =>
        new(database, Migration.LoadEmbedded(assembly, prefix));

    /// <summary>The control-plane store's scripts.</summary>
    public static IReadOnlyList<Migration> Migrations => Embedded.Value;

    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public async Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnableWalAsync(database, cancellationToken);
        var createLedger = $"""
            CREATE TABLE IF NOT EXISTS {ledger} (
                version     INTEGER NOT NULL PRIMARY KEY,
                name        TEXT    NOT NULL,
                checksum    TEXT    NOT NULL,
                applied_at  INTEGER NOT NULL
            )
            """;
        return await new RelationalMigrator(database, migrations, createLedger, ledger).MigrateAsync(now, cancellationToken);
    }

    /// <summary>
    /// WAL lets readers proceed while one writer commits. The mode is stored in the file, so this is a
    /// no-op after the first start; it must run outside a transaction.
    /// </summary>
    private static async Task EnableWalAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(Durability.Full, cancellationToken);
        await using var command = connection.Sql("PRAGMA journal_mode = WAL");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}'); is the file on a network filesystem?");
        }
    }
}
