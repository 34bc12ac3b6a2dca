using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;
using Sigilum.Storage.Migrations;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Migrations;

/// <summary>
/// SQLite's side of migrating: WAL first (outside any transaction), then the shared <see cref="RelationalMigrator"/>
/// inside one <c>BEGIN IMMEDIATE</c>, where two processes starting at once serialise on the write lock.
/// </summary>
internal sealed class SqliteMigrator(SqliteDatabase database)
{
    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            checksum    TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL
        )
        """;

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(SqliteMigrator).Assembly, "Sigilum.Storage.Sqlite.Migrations."));

    public static IReadOnlyList<Migration> Migrations => Embedded.Value;

    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public async Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnableWalAsync(database, cancellationToken);
        return await new RelationalMigrator(database, Migrations, CreateLedger).MigrateAsync(now, cancellationToken);
    }

    /// <summary>
    /// WAL lets readers proceed while one writer commits. The mode is stored in the file, so this is a
    /// no-op after the first start; it must run outside a transaction.
    /// </summary>
    public static async Task EnableWalAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(Durability.Full, cancellationToken);
        await using var command = connection.Sql("PRAGMA journal_mode = WAL");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}'); is the file on a network filesystem?");
        }
    }
}
