namespace Sigilum.LoadKit.Probes;

/// <summary>Median, p99, mean, min and max of a set of samples (nearest rank, exact).</summary>
internal sealed record Distribution(int Count, double Median, double P99, double Mean, double Min, double Max)
{
    public static Distribution Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Distribution(0, 0, 0, 0, 0, 0);
        }
        var sorted = samples.Order().ToArray();
        return new Distribution(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 99), sorted.Average(), sorted[0], sorted[^1]);
    }

    // The smallest sample with at least p % of the samples at or below it.
    private static double NearestRank(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
