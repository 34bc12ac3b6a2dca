using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Webhooks;

/// <summary>The durable delivery queue.</summary>
internal sealed partial class SqliteWebhookStore
{
    public Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return database.WriteAsync(Durability.Normal, async (connection, transaction) =>
        {
            foreach (var delivery in deliveries)
            {
                await using var insert = Bind(connection.Sql($"""
                    INSERT INTO webhook_deliveries({WebhookRows.DeliveryColumns})
                    VALUES ($id, $webhook, $event, $body, $attempt, $first, $next, $status, $code, $error, $completed)
                    """, transaction), delivery);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return deliveries.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// Selects and pushes out the due rows in one <c>BEGIN IMMEDIATE</c> transaction: the write lock is
    /// held from the select to the commit, so a concurrent caller (another connection or process) only
    /// sees them after their next attempt has moved to <paramref name="leaseUntil"/>.
    /// </summary>
    public Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.WriteAsync<IReadOnlyList<WebhookDelivery>>(Durability.Normal, async (connection, transaction) =>
        {
            const string Due = "status = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit";
            await using var select = connection.Sql($"SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries WHERE {Due}", transaction)
                .With("$now", SqliteValues.ToDb(now)).With("$limit", limit);
            var due = await select.ReadAllAsync(WebhookRows.ReadDelivery, cancellationToken);
            // The same rows: nothing else can write between the two statements while the write lock is held.
            await using var lease = connection.Sql(
                $"UPDATE webhook_deliveries SET next_attempt_at = $until WHERE id IN (SELECT id FROM webhook_deliveries WHERE {Due})", transaction)
                .With("$until", SqliteValues.ToDb(leaseUntil)).With("$now", SqliteValues.ToDb(now)).With("$limit", limit);
            await lease.ExecuteNonQueryAsync(cancellationToken);
            var until = DateTimeOffset.FromUnixTimeMilliseconds(SqliteValues.ToDb(leaseUntil));
            return due.ConvertAll(d => d with { NextAttemptAt = until });
        }, cancellationToken);
    }

    public Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return database.ExecuteAsync(Durability.Normal, """
            UPDATE webhook_deliveries SET attempt = $attempt, next_attempt_at = $next, status = $status,
                last_status_code = $code, last_error = $error, completed_at = $completed
            WHERE id = $id
            """, c => Bind(c, delivery), cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<WebhookDelivery>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = $webhook
                ORDER BY first_attempt_at DESC, id DESC LIMIT $limit
                """).With("$webhook", webhookId).With("$limit", limit);
            return await command.ReadAllAsync(WebhookRows.ReadDelivery, cancellationToken);
        }, cancellationToken);
    }

    private static SqliteCommand Bind(SqliteCommand command, WebhookDelivery delivery) => command
        .With("$id", delivery.Id).With("$webhook", delivery.WebhookId).With("$event", delivery.Event).With("$body", delivery.Body)
        .With("$attempt", delivery.Attempt).With("$first", SqliteValues.ToDb(delivery.FirstAttemptAt))
        .With("$next", SqliteValues.ToDb(delivery.NextAttemptAt)).With("$status", EnumText.Of(delivery.Status))
        .With("$code", SqliteValues.ToDb(delivery.LastStatusCode)).With("$error", delivery.LastError)
        .With("$completed", SqliteValues.ToDb(delivery.CompletedAt));
}
