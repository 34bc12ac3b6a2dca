using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteMigrationTests() : MigrationConformance(new SqliteProvider())
{
    protected override string RecordFutureMigrationSql =>
        "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (9999, 'future', 'x', 0)";
}
