using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Migrations;

/// <summary>
/// Applies the numbered migrations not yet recorded in the ledger, all in one write transaction: instances starting
/// together serialise (SQLite's write lock, PostgreSQL's advisory lock taken by <paramref name="prepareSql"/>), the
/// later ones find everything applied, and a failure leaves the schema as it was (DDL is transactional on both
/// engines). A database that records a migration this build does not know, or whose recorded checksum differs, is
/// refused (reliability STO-11) rather than used or "repaired".
/// </summary>
/// <param name="database">The database to migrate.</param>
/// <param name="migrations">This build's scripts, as <see cref="Migration.LoadEmbedded"/> returns them.</param>
/// <param name="prepareSql">Run first in the transaction: the engine's lock, if any, and the ledger's <c>CREATE TABLE IF NOT EXISTS</c>.</param>
/// <param name="ledger">The ledger table (<c>version, name, checksum, applied_at</c>); the vault's schema keeps its own.</param>
internal sealed class RelationalMigrator(RelationalDatabase database, IReadOnlyList<Migration> migrations, string prepareSql, string ledger = "schema_migrations")
{
    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(Durability.Full, async session =>
        {
            await session.RunAsync(prepareSql, cancellationToken);
            await using var read = session.Sql($"SELECT version, checksum FROM {ledger}");
            var applied = (await read.ReadAllAsync(row => (Version: row.GetInt32(0), Checksum: row.GetString(1)), cancellationToken))
                .ToDictionary(a => a.Version, a => a.Checksum);
            Migration.VerifyApplied(migrations, applied);
            var count = 0;
            foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await session.RunAsync(migration.Sql, cancellationToken);
                await using var record = session.Sql($"INSERT INTO {ledger}(version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)")
                    .With("@v", migration.Version).With("@n", migration.Name).With("@c", migration.Checksum).With("@t", now);
                await record.ExecuteAsync(cancellationToken);
                count++;
            }
            return count;
        }, cancellationToken);
}
