using Sigilum.Core.Webhooks;

namespace Sigilum.Storage.Webhooks;

/// <summary>
/// Hands out due webhook deliveries so no two workers get the same row: engine-specific, because the two engines lock
/// differently (SQLite's <c>BEGIN IMMEDIATE</c> around a select and an update; PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>).
/// </summary>
internal interface IDeliveryLease
{
    /// <summary>At most <paramref name="limit"/> due deliveries, oldest due first, each with its next attempt moved to <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);
}
