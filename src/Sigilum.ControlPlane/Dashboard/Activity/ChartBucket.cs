namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>One bar of the chart: the requests of one time bucket, per outcome.</summary>
public sealed record ChartBucket(DateTimeOffset Start, IReadOnlyDictionary<string, int> Counts)
{
    public int Total => Counts.Values.Sum();

    public int CountOf(string outcome) => Counts.TryGetValue(outcome, out var count) ? count : 0;
}
