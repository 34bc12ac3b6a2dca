namespace Sigilum.Core.Webhooks;

/// <summary>Webhooks and their durable delivery queue.</summary>
public interface IWebhookStore
{
    Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default);

    Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> by moving
    /// their next attempt to <paramref name="leaseUntil"/>, so concurrent workers (other instances) do
    /// not send the same one twice.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of an attempt (status, next attempt, counters).</summary>
    Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken = default);
}
