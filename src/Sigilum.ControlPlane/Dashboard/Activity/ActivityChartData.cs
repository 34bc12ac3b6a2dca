namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// The chart's numbers: every bucket of the range (empty ones included, so the time axis is even), the outcomes in
/// stacking order, and the y axis (its top and tick step).
/// </summary>
public sealed record ActivityChartData(
    IReadOnlyList<ChartBucket> Buckets, TimeSpan BucketSize, IReadOnlyList<string> Outcomes, int AxisMax, int AxisStep)
{
    public int Total => Buckets.Sum(b => b.Total);

    public int TotalOf(string outcome) => Buckets.Sum(b => b.CountOf(outcome));

    /// <summary>The y axis ticks, 0 to <see cref="AxisMax"/>.</summary>
    public IEnumerable<int> Ticks()
    {
        for (var value = 0; value <= AxisMax; value += AxisStep)
        {
            yield return value;
        }
    }
}
