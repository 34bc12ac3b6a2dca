using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Webhooks;

/// <summary>The durable delivery queue; leasing is the engine's (<see cref="IDeliveryLease"/>).</summary>
internal sealed partial class SqlWebhookStore
{
    private readonly string _listDeliveriesSql = $"""
        SELECT {WebhookDeliveryRows.Columns} FROM webhook_deliveries WHERE webhook_id = @webhook
        ORDER BY first_attempt_at DESC, id{database.Dialect.ByteOrder} DESC LIMIT @limit
        """;

    public Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return database.WriteAsync(Durability.Normal, async session =>
        {
            foreach (var delivery in deliveries)
            {
                await using var insert = Bind(session.Sql($"""
                    INSERT INTO webhook_deliveries({WebhookDeliveryRows.Columns})
                    VALUES (@id, @webhook, @event, @body, @attempt, @first, @next, @status, @code, @error, @completed)
                    """), delivery);
                await insert.ExecuteAsync(cancellationToken);
            }
            return deliveries.Count;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return lease.LeaseDueAsync(now, leaseUntil, limit, cancellationToken);
    }

    public Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return database.ExecuteAsync(Durability.Normal, """
            UPDATE webhook_deliveries SET attempt = @attempt, next_attempt_at = @next, status = @status,
                last_status_code = @code, last_error = @error, completed_at = @completed
            WHERE id = @id
            """, c => Bind(c, delivery), cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await database.QueryAsync(_listDeliveriesSql, c => c.With("@webhook", webhookId).With("@limit", limit), WebhookDeliveryRows.Read, cancellationToken);
    }

    /// <summary>Binds every column of <paramref name="delivery"/>; the update uses seven of them, and both providers ignore an unused name.</summary>
    private static SqlStatement Bind(SqlStatement command, WebhookDelivery delivery) => command
        .With("@id", delivery.Id).With("@webhook", delivery.WebhookId).With("@event", delivery.Event).With("@body", delivery.Body)
        .With("@attempt", delivery.Attempt).With("@first", delivery.FirstAttemptAt).With("@next", delivery.NextAttemptAt)
        .With("@status", EnumText.Of(delivery.Status)).With("@code", delivery.LastStatusCode).With("@error", delivery.LastError)
        .With("@completed", delivery.CompletedAt);
}
