using System.Text.Json;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>
/// Conversions from records to columns (<see cref="SqliteRow"/> reads them back). Times are INTEGER unix
/// milliseconds (UTC) everywhere, so a value read back equals the value written truncated to the
/// millisecond, with offset zero.
/// </summary>
internal static class SqliteValues
{
    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static object ToDb(string? value) => value is null ? DBNull.Value : value;

    public static object ToDb(int? value) => value is { } v ? v : DBNull.Value;

    public static object ToDb(long? value) => value is { } v ? v : DBNull.Value;

    public static string ToJson(IReadOnlyList<string> list) => JsonSerializer.Serialize(list);
}
