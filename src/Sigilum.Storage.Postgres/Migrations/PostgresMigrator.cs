using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Migrations;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Migrations;

/// <summary>
/// PostgreSQL's side of migrating: the shared <see cref="RelationalMigrator"/> in one transaction that first takes a
/// transaction-level advisory lock, so instances starting together apply the migrations one at a time.
/// </summary>
internal sealed class PostgresMigrator(PostgresDatabase database)
{
    private const string Prepare = $"""
        {AdvisoryLocks.MigrationsSql};
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     NOT NULL PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL
        )
        """;

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(PostgresMigrator).Assembly, "Sigilum.Storage.Postgres.Migrations."));

    public static IReadOnlyList<Migration> Migrations => Embedded.Value;

    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        new RelationalMigrator(database, Migrations, Prepare).MigrateAsync(now, cancellationToken);
}
