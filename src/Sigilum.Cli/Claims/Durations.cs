using System.Globalization;

namespace Sigilum.Cli.Claims;

/// <summary>Durations people type (<c>90s</c>, <c>30m</c>, <c>1h</c>, <c>7d</c>, <c>2w</c>) and ages people read.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text, string optionName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        if (value.Length >= 2 && long.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? parsed = value[^1] switch
            {
                's' when amount <= 86400L * 3650 => TimeSpan.FromSeconds(amount),
                'm' when amount <= 60L * 24 * 3650 => TimeSpan.FromMinutes(amount),
                'h' when amount <= 24L * 3650 => TimeSpan.FromHours(amount),
                'd' when amount <= 3650 => TimeSpan.FromDays(amount),
                'w' when amount <= 522 => TimeSpan.FromDays(amount * 7),
                _ => null,
            };
            if (parsed is { } duration)
            {
                return duration;
            }
        }
        throw new CliException(ExitCodes.Usage, $"{optionName} takes a number and a unit (s, m, h, d or w), e.g. 30m, 1h or 7d; not '{text}'.");
    }

    /// <summary>
    /// Compact age or remaining time: <c>45s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>. Rounded to the nearest unit, so
    /// an approval for 7d reads "in 7d" a second later rather than "in 6d".
    /// </summary>
    public static string Short(TimeSpan span)
    {
        span = span.Duration();
        return span switch
        {
            { TotalMinutes: < 1 } => $"{Round(span.TotalSeconds)}s",
            { TotalHours: < 1 } => $"{Round(span.TotalMinutes)}m",
            { TotalDays: < 2 } => $"{Round(span.TotalHours)}h",
            _ => $"{Round(span.TotalDays)}d",
        };
    }

    private static long Round(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
