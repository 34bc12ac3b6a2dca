using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Migrations;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Migrations;

/// <summary>
/// PostgreSQL's side of migrating: the shared <see cref="RelationalMigrator"/> in one transaction that first takes a
/// transaction-level advisory lock, so instances starting together apply the migrations one at a time. Every
/// PostgreSQL schema of ours goes through here, each with its scripts, lock and ledger: the control-plane store, the
/// replay store and the vault's configuration (ADR 0068).
/// </summary>
/// <param name="database">The database to migrate.</param>
/// <param name="migrations">Its scripts, in version order.</param>
/// <param name="lockSql">The advisory lock taken first (one key per ledger).</param>
/// <param name="ledger">The table recording which scripts were applied.</param>
internal sealed class PostgresMigrator(PostgresDatabase database, IReadOnlyList<Migration> migrations, string lockSql, string ledger)
{
    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(PostgresMigrator).Assembly, "Sigilum.Storage.Postgres.Migrations."));

    /// <summary>The control-plane store's migrator.</summary>
    public PostgresMigrator(PostgresDatabase database)
        : this(database, Migrations, AdvisoryLocks.MigrationsSql, "schema_migrations")
    {
    }

    /// <summary>A migrator for the scripts <paramref name="assembly"/> embeds under <paramref name="prefix"/> (a store outside this project, e.g. the vault's).</summary>
    public static PostgresMigrator ForEmbedded(PostgresDatabase database, System.Reflection.Assembly assembly, string prefix, string lockSql, string ledger) =>
        new(database, Migration.LoadEmbedded(assembly, prefix), lockSql, ledger);

    /// <summary>The control-plane store's scripts.</summary>
    public static IReadOnlyList<Migration> Migrations => Embedded.Value;

    /// <summary>Returns how many migrations this call applied (0 when the schema was current).</summary>
    public Task<int> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepare = $"""
            {lockSql};
            CREATE TABLE IF NOT EXISTS {ledger} (
                version     integer     NOT NULL PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL
            )
            """;
        return new RelationalMigrator(database, migrations, prepare, ledger).MigrateAsync(now, cancellationToken);
    }
}
