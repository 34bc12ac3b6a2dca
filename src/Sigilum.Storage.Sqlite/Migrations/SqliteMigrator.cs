using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Migrations;

/// <summary>
/// Applies the embedded migrations not yet recorded in <c>schema_migrations</c>, all inside one
/// <c>BEGIN IMMEDIATE</c> transaction: two processes starting at once serialise on the write lock, the
/// second finds everything applied, and a failure leaves the schema exactly as it was (SQLite DDL is
/// transactional). A database that records a migration this build does not know, or whose recorded
/// checksum differs, is refused (reliability STO-11) rather than used or "repaired".
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
        await EnableWalAsync(cancellationToken);
        return await database.WriteAsync(Durability.Full, async (connection, transaction) =>
        {
            await using (var ledger = connection.Sql(CreateLedger, transaction))
            {
                await ledger.ExecuteNonQueryAsync(cancellationToken);
            }
            var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
            Migration.VerifyApplied(Migrations, applied);
            var count = 0;
            foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using (var script = connection.Sql(migration.Sql, transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var record = connection.Sql(
                    "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES ($v, $n, $c, $t)", transaction)
                    .With("$v", migration.Version).With("$n", migration.Name).With("$c", migration.Checksum).With("$t", SqliteValues.ToDb(now));
                await record.ExecuteNonQueryAsync(cancellationToken);
                count++;
            }
            return count;
        }, cancellationToken);
    }

    /// <summary>
    /// WAL lets readers proceed while one writer commits. The mode is stored in the file, so this is a
    /// no-op after the first start; it must run outside a transaction.
    /// </summary>
    private async Task EnableWalAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(Durability.Full, cancellationToken);
        await using var command = connection.Sql("PRAGMA journal_mode = WAL");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}'); is the file on a network filesystem?");
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = connection.Sql("SELECT version, checksum FROM schema_migrations", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }
}
