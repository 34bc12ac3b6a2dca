using Sigilum.Core.Claims;

namespace Sigilum.Core.Usage;

/// <summary>Usage events reported by data planes.</summary>
public interface IUsageStore
{
    /// <summary>Stores the event; false when an event with the same id exists (idempotent retries).</summary>
    Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<UsageEvent>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default);
}
