using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer server) : MigrationConformance(new PostgresProvider(server))
{
    protected override string RecordFutureMigrationSql =>
        "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (9999, 'future', 'x', now())";
}
