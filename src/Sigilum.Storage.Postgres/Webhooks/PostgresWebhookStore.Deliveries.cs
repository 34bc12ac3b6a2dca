using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Webhooks;

/// <summary>The durable delivery queue.</summary>
internal sealed partial class PostgresWebhookStore
{
    private const string DeliveryColumns =
        "id, webhook_id, event, body, attempt, first_attempt_at, next_attempt_at, status, last_status_code, last_error, completed_at";

    private const string UpdatedDeliveryColumns =
        "d.id, d.webhook_id, d.event, d.body, d.attempt, d.first_attempt_at, d.next_attempt_at, d.status, d.last_status_code, d.last_error, d.completed_at";

    public Task EnqueueAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var delivery in deliveries)
            {
                await using var insert = Bind(connection.Sql($"""
                    INSERT INTO webhook_deliveries({DeliveryColumns})
                    VALUES (@id, @webhook, @event, @body, @attempt, @first, @next, @status, @code, @error, @completed)
                    """, transaction), delivery);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return deliveries.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// One statement: lock the due rows with <c>FOR UPDATE SKIP LOCKED</c> (rows another worker is
    /// leasing right now are passed over, not waited for) and push their next attempt to
    /// <paramref name="leaseUntil"/>. A worker that meets a row just leased by a committed transaction
    /// re-checks it and finds it no longer due, so no delivery is handed out twice.
    /// </summary>
    public Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<WebhookDelivery>>(async connection =>
        {
            await using var command = connection.Sql($"""
                WITH due AS (
                    SELECT id, next_attempt_at AS due_at FROM webhook_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= @now
                    ORDER BY next_attempt_at, id COLLATE "C" LIMIT @limit
                    FOR UPDATE SKIP LOCKED
                ), leased AS (
                    UPDATE webhook_deliveries d SET next_attempt_at = @until FROM due WHERE d.id = due.id
                    RETURNING {UpdatedDeliveryColumns}, due.due_at
                )
                SELECT {DeliveryColumns} FROM leased ORDER BY due_at, id COLLATE "C"
                """).With("now", PostgresValues.ToDb(now)).With("until", PostgresValues.ToDb(leaseUntil)).With("limit", limit);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    public Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return database.ExecuteAsync("""
            UPDATE webhook_deliveries SET attempt = @attempt, next_attempt_at = @next, status = @status,
                last_status_code = @code, last_error = @error, completed_at = @completed
            WHERE id = @id
            """, c => Bind(c, delivery), cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<WebhookDelivery>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT {DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = @webhook
                ORDER BY first_attempt_at DESC, id COLLATE "C" DESC LIMIT @limit
                """).With("webhook", webhookId).With("limit", limit);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, WebhookDelivery delivery) => command
        .With("id", delivery.Id).With("webhook", delivery.WebhookId).With("event", delivery.Event).With("body", delivery.Body)
        .With("attempt", delivery.Attempt).With("first", PostgresValues.ToDb(delivery.FirstAttemptAt))
        .With("next", PostgresValues.ToDb(delivery.NextAttemptAt)).With("status", EnumText.Of(delivery.Status))
        .With("code", NpgsqlDbType.Integer, delivery.LastStatusCode).With("error", NpgsqlDbType.Text, delivery.LastError)
        .With("completed", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(delivery.CompletedAt));

    private static async Task<List<WebhookDelivery>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new WebhookDelivery
            {
                Id = reader.GetString(0),
                WebhookId = reader.GetString(1),
                Event = reader.GetString(2),
                Body = reader.GetString(3),
                Attempt = reader.GetInt32(4),
                FirstAttemptAt = reader.Time(5),
                NextAttemptAt = reader.Time(6),
                Status = EnumText.ToDeliveryStatus(reader.GetString(7)),
                LastStatusCode = reader.IntOrNull(8),
                LastError = reader.StringOrNull(9),
                CompletedAt = reader.TimeOrNull(10),
            });
        }
        return deliveries;
    }
}
