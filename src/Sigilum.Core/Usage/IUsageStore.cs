using Sigilum.Core.Claims;

namespace Sigilum.Core.Usage;

/// <summary>Usage events reported by data planes.</summary>
public interface IUsageStore
{
    /// <summary>Stores the event; false when an event with the same id exists (idempotent retries).</summary>
    Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores every event of <paramref name="events"/> in one transaction (all or none) and returns how many were new;
    /// an event whose id exists, in the store or earlier in the batch, is skipped like in <see cref="AddAsync"/>.
    /// One commit per batch is what keeps a busy gateway's usage reports cheap for the control plane (ADR 0029).
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty, holds a null, or more than <see cref="UsageBatch.MaxEvents"/> events.</exception>
    Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default);

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
