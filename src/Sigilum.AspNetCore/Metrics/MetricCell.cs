namespace Sigilum.AspNetCore.Metrics;

/// <summary>One series' running totals, updated lock-free (a count, and a sum in ticks for summaries).</summary>
public sealed class MetricCell
{
    private long _count;
    private long _sumTicks;

    public long Count => Interlocked.Read(ref _count);

    public double SumSeconds => Interlocked.Read(ref _sumTicks) / (double)TimeSpan.TicksPerSecond;

    public void Increment() => Interlocked.Increment(ref _count);

    /// <summary>Adds <paramref name="count"/> at once (a batch of usage events).</summary>
    public void Add(long count) => Interlocked.Add(ref _count, count);

    public void Observe(TimeSpan duration)
    {
        // Negative durations (a clock stepping back) would make the sum decrease, which Prometheus reads as a reset.
        Interlocked.Add(ref _sumTicks, Math.Max(0, duration.Ticks));
        Interlocked.Increment(ref _count);
    }
}
