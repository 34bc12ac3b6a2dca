using Sigilum.Core.Usage;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// The argument rules of <see cref="IUsageStore.CountByBucketAsync"/>, shared by both providers so they refuse
/// the same queries. Buckets are numbered in whole milliseconds from <c>From</c> (times are stored to the
/// millisecond), which both databases compute with integer division, so they agree on every boundary.
/// </summary>
internal static class UsageBuckets
{
    /// <summary>The range start and bucket width in unix milliseconds.</summary>
    public static (long FromMs, long BucketMs) Check(UsageQuery query, TimeSpan bucket)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From is not { } from || query.To is not { } to)
        {
            throw new ArgumentException("Counting by bucket needs both From and To.", nameof(query));
        }
        if (bucket <= TimeSpan.Zero || bucket.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException("A bucket is a positive whole number of milliseconds.", nameof(bucket));
        }
        var fromMs = from.ToUnixTimeMilliseconds();
        var span = to.ToUnixTimeMilliseconds() - fromMs;
        var bucketMs = (long)bucket.TotalMilliseconds;
        if (span <= 0 || (span + bucketMs - 1) / bucketMs > UsageCount.MaxBuckets)
        {
            throw new ArgumentException($"The range must be non-empty and span at most {UsageCount.MaxBuckets} buckets.", nameof(query));
        }
        return (fromMs, bucketMs);
    }

    public static UsageCount Read(StoredRow row, long fromMs, long bucketMs)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new UsageCount(DateTimeOffset.FromUnixTimeMilliseconds(fromMs + (row.GetInt64(0) * bucketMs)), row.GetString(1), (int)row.GetInt64(2));
    }
}
