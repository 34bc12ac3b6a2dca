using System.Globalization;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// RFC 3339 UTC timestamps with exactly three fractional digits and <c>Z</c>
/// (<c>2026-01-02T03:04:05.678Z</c>): fixed width, so records sort and compare as text too.
/// </summary>
internal static class AuditTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Drops sub-millisecond ticks so an in-memory value equals its parsed text.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ToText(DateTimeOffset value) => Truncate(value).ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
