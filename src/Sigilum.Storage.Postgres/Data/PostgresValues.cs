namespace Sigilum.Storage.Postgres.Data;

/// <summary>
/// Conversions from records to columns (<see cref="PostgresRow"/> reads them back). Times are written
/// truncated to the millisecond in UTC (as the SQLite store keeps them), so both providers read back
/// the same values.
/// </summary>
internal static class PostgresValues
{
    public static DateTimeOffset ToDb(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static object ToDb(DateTimeOffset? value) => value is { } v ? ToDb(v) : DBNull.Value;

    public static string[] ToDb(IReadOnlyList<string> list) => [.. list];
}
