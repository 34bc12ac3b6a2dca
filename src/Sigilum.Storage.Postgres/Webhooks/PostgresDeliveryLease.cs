using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Data;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Webhooks;

namespace Sigilum.Storage.Postgres.Webhooks;

/// <summary>Due webhook deliveries shared out among every instance on the database.</summary>
internal sealed class PostgresDeliveryLease(PostgresDatabase database) : IDeliveryLease
{
    private const string UpdatedDeliveryColumns =
        "d.id, d.webhook_id, d.event, d.body, d.attempt, d.first_attempt_at, d.next_attempt_at, d.status, d.last_status_code, d.last_error, d.completed_at";

    /// <summary>
    /// One statement: lock the due rows with <c>FOR UPDATE SKIP LOCKED</c> (rows another worker is
    /// leasing right now are passed over, not waited for) and push their next attempt to
    /// <paramref name="leaseUntil"/>. A worker that meets a row just leased by a committed transaction
    /// re-checks it and finds it no longer due, so no delivery is handed out twice.
    /// </summary>
    public Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        return database.OnConnectionAsync<IReadOnlyList<WebhookDelivery>>(async connection =>
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
                SELECT {WebhookDeliveryRows.Columns} FROM leased ORDER BY due_at, id COLLATE "C"
                """).With("now", PostgresValues.ToDb(now)).With("until", PostgresValues.ToDb(leaseUntil)).With("limit", limit);
            return await command.ReadAllAsync(PostgresDialect.Instance, WebhookDeliveryRows.Read, cancellationToken);
        }, cancellationToken);
    }
}
