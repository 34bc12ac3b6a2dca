using Npgsql;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>
/// Conversions between records and columns. Times are written truncated to the millisecond in UTC (as
/// the SQLite store keeps them), so both providers read back the same values.
/// </summary>
internal static class PostgresValues
{
    public static DateTimeOffset ToDb(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static object ToDb(DateTimeOffset? value) => value is { } v ? ToDb(v) : DBNull.Value;

    public static string[] ToDb(IReadOnlyList<string> list) => [.. list];

    public static DateTimeOffset Time(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? StringOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? IntOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static long? LongOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static IReadOnlyList<string> StringList(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<string[]>(ordinal);
}
