namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// A time range the activity page can show and the bucket width its chart counts in. Only these three exist, so a
/// chart is at most 60 buckets and its count query stays small whatever the URL says.
/// </summary>
public sealed record ActivityRange(string Key, string Label, TimeSpan Span, TimeSpan Bucket)
{
    public static readonly ActivityRange LastHour = new("1h", "Last hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

    public static readonly ActivityRange LastDay = new("24h", "Last 24 hours", TimeSpan.FromDays(1), TimeSpan.FromHours(1));

    public static readonly ActivityRange LastWeek = new("7d", "Last 7 days", TimeSpan.FromDays(7), TimeSpan.FromDays(1));

    public static readonly IReadOnlyList<ActivityRange> All = [LastHour, LastDay, LastWeek];

    public static ActivityRange Default => LastDay;

    public int BucketCount => (int)(Span.Ticks / Bucket.Ticks);

    /// <summary>The range for <paramref name="key"/>, the default when it is blank, or null when it is not one of ours.</summary>
    public static ActivityRange? Find(string? key) =>
        string.IsNullOrEmpty(key) ? Default : All.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.Ordinal));

    /// <summary>
    /// The window shown at <paramref name="now"/>: whole buckets aligned to the unix epoch (so whole UTC minutes, hours
    /// or days), the last one being the bucket that holds now. From is inclusive, To exclusive.
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var bucketMs = (long)Bucket.TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        var toMs = (nowMs - (nowMs % bucketMs)) + bucketMs;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(toMs);
        return (to - Span, to);
    }
}
