using Sigilum.Core.Claims;

namespace Sigilum.Core.Usage;

/// <summary>Usage events reported by data planes.</summary>
public interface IUsageStore
{
    /// <summary>Stores the event; false when an event with the same id exists (idempotent retries).</summary>
    Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<UsageEvent>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the events matching <paramref name="query"/> per outcome in consecutive buckets of
    /// <paramref name="bucket"/> starting at <see cref="UsageQuery.From"/>, up to <see cref="UsageQuery.To"/>
    /// (both required; limit and offset are ignored). Counted by the database, so a chart never loads the events.
    /// Buckets without events are absent; ordered by bucket, then outcome.
    /// </summary>
    /// <exception cref="ArgumentException">From or To is missing, the range is empty, the bucket is not a whole
    /// number of milliseconds, or the range spans more than <see cref="UsageCount.MaxBuckets"/> buckets.</exception>
    Task<IReadOnlyList<UsageCount>> CountByBucketAsync(UsageQuery query, TimeSpan bucket, CancellationToken cancellationToken = default);
}
