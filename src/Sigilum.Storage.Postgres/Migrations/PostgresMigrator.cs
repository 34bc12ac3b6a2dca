using Npgsql;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Migrations;

/// <summary>
/// Applies the embedded migrations not yet recorded in <c>schema_migrations</c>, in one transaction
/// that first takes a transaction-level advisory lock: instances starting together apply them one at
/// a time, the later ones find nothing to do, and a failure leaves the schema as it was (PostgreSQL
/// DDL is transactional). A database recording an unknown migration or a different checksum is
/// refused (reliability STO-11).
/// </summary>
internal sealed class PostgresMigrator(PostgresDatabase database)
{
    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     NOT NULL PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL
        )
        """;

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(Migration.LoadEmbedded);

    public static IReadOnlyList<Migration> Migrations => Embedded.Value;

    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using (var prepare = connection.Sql($"{AdvisoryLocks.MigrationsSql}; {CreateLedger}", transaction))
            {
                await prepare.ExecuteNonQueryAsync(cancellationToken);
            }
            var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
            Verify(applied);
            var count = 0;
            foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using (var script = connection.Sql(migration.Sql, transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var record = connection.Sql(
                    "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)", transaction)
                    .With("v", migration.Version).With("n", migration.Name).With("c", migration.Checksum).With("t", PostgresValues.ToDb(now));
                await record.ExecuteNonQueryAsync(cancellationToken);
                count++;
            }
            return count;
        }, cancellationToken);

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
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

    private static void Verify(Dictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            if (version > Migrations.Count)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {version}, newer than this build knows ({Migrations.Count}); refusing to start.");
            }
            if (!string.Equals(Migrations[version - 1].Checksum, checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Migration {version} recorded in the database differs from this build's script; refusing to start.");
            }
        }
    }
}
