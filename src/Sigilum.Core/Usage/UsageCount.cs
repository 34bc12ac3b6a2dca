namespace Sigilum.Core.Usage;

/// <summary>How many usage events with one outcome fell into one time bucket (a chart's data, counted by the store).</summary>
public sealed record UsageCount(DateTimeOffset BucketStart, string Outcome, int Count)
{
    /// <summary>
    /// The most buckets one count may span: the store returns at most this many buckets times the outcomes, so a
    /// chart query stays bounded however wide the range asked for.
    /// </summary>
    public const int MaxBuckets = 1000;
}
