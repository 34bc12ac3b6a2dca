using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>
/// How SQLite stores what it has no type for: times as INTEGER unix milliseconds (UTC), string lists as
/// JSON text, flags as 0/1, bytes as BLOB (see <see cref="SqliteValues"/> for the writing side).
/// </summary>
internal sealed class SqliteRow(SqliteDataReader reader) : StoredRow(reader)
{
    public override DateTimeOffset Time(int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(Reader.GetInt64(ordinal));

    public override IReadOnlyList<string> StringList(int ordinal) =>
        JsonSerializer.Deserialize<string[]>(Reader.GetString(ordinal)) ??
        throw new InvalidDataException("A list column holds JSON null.");

    public override bool GetBoolean(int ordinal) => Reader.GetInt64(ordinal) != 0;

    public override byte[] Bytes(int ordinal) => (byte[])Reader.GetValue(ordinal);
}
