using Npgsql;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>PostgreSQL has native types for what SQLite encodes: timestamptz, text[], boolean and bytea.</summary>
internal sealed class PostgresRow(NpgsqlDataReader reader) : StoredRow(reader)
{
    public override DateTimeOffset Time(int ordinal) => Reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override IReadOnlyList<string> StringList(int ordinal) => Reader.GetFieldValue<string[]>(ordinal);

    public override bool GetBoolean(int ordinal) => Reader.GetBoolean(ordinal);

    public override byte[] Bytes(int ordinal) => Reader.GetFieldValue<byte[]>(ordinal);
}
