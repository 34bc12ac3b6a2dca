using Sigilum.ControlPlane.Usage;
using Sigilum.Core.Usage;

namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>Turns the store's per-bucket counts into chart data: pure functions, unit-tested apart from the page.</summary>
public static class ActivityChart
{
    /// <summary>At most this many ticks above zero on the y axis.</summary>
    public const int MaxTicks = 5;

    /// <summary>
    /// Every bucket from <paramref name="from"/> on (missing ones count zero); the known outcomes first in their usual
    /// order (success at the bottom of each bar), then any other the store holds.
    /// </summary>
    public static ActivityChartData Build(IEnumerable<UsageCount> counts, DateTimeOffset from, TimeSpan bucket, int bucketCount)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var cells = Enumerable.Range(0, bucketCount).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var outcomes = new List<string>(UsageEventRules.Outcomes);
        foreach (var count in counts)
        {
            var index = (count.BucketStart - from).Ticks / bucket.Ticks;
            if (count.BucketStart < from || index >= bucketCount)
            {
                continue;
            }
            var cell = cells[index];
            cell[count.Outcome] = cell.GetValueOrDefault(count.Outcome) + count.Count;
            if (!outcomes.Contains(count.Outcome))
            {
                outcomes.Add(count.Outcome);
            }
        }
        var extra = outcomes.Skip(UsageEventRules.Outcomes.Count).Order(StringComparer.Ordinal);
        var ordered = UsageEventRules.Outcomes.Concat(extra).ToList();
        var buckets = cells.Select((cell, i) => new ChartBucket(from + (bucket * i), cell)).ToList();
        var (max, step) = Axis(buckets.Count == 0 ? 0 : buckets.Max(b => b.Total));
        return new ActivityChartData(buckets, bucket, ordered, max, step);
    }

    /// <summary>
    /// A readable y axis for a highest bar of <paramref name="highest"/>: the step is 1, 2 or 5 times a power of ten,
    /// the smallest giving at most <see cref="MaxTicks"/> steps, and the top is the first step at or above the highest
    /// bar (at least one step, so an empty chart still has an axis).
    /// </summary>
    public static (int Max, int Step) Axis(int highest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(highest);
        long step = 1;
        long magnitude = 1;
        while (true)
        {
            foreach (var factor in (ReadOnlySpan<long>)[1, 2, 5])
            {
                step = factor * magnitude;
                if ((highest + step - 1) / step <= MaxTicks)
                {
                    var steps = Math.Max(1, (highest + step - 1) / step);
                    return ((int)(steps * step), (int)step);
                }
            }
            magnitude *= 10;
        }
    }
}
