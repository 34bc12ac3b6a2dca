using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>
/// Conversions between records and columns. Times are INTEGER unix milliseconds (UTC) everywhere, so a
/// value read back equals the value written truncated to the millisecond, with offset zero.
/// </summary>
internal static class SqliteValues
{
    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static object ToDb(string? value) => value is null ? DBNull.Value : value;

    public static object ToDb(int? value) => value is { } v ? v : DBNull.Value;

    public static object ToDb(long? value) => value is { } v ? v : DBNull.Value;

    public static string ToJson(IReadOnlyList<string> list) => JsonSerializer.Serialize(list);

    public static DateTimeOffset Time(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? StringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? IntOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static long? LongOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static byte[] Bytes(this SqliteDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);

    public static IReadOnlyList<string> StringList(this SqliteDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ??
        throw new InvalidDataException("A list column holds JSON null.");
}
