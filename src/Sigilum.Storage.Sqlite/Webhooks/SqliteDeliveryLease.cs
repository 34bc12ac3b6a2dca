using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Webhooks;

namespace Sigilum.Storage.Sqlite.Webhooks;

/// <summary>
/// Selects and pushes out the due rows in one <c>BEGIN IMMEDIATE</c> transaction: the write lock is held from the
/// select to the commit, so a concurrent caller (another connection or process) only sees them after their next
/// attempt has moved to the lease's end.
/// </summary>
internal sealed class SqliteDeliveryLease(SqliteDatabase database) : IDeliveryLease
{
    private const string Due = "status = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit";

    public Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<WebhookDelivery>>(Durability.Normal, async (connection, transaction) =>
        {
            await using var select = connection.Sql($"SELECT {WebhookDeliveryRows.Columns} FROM webhook_deliveries WHERE {Due}", transaction)
                .With("$now", SqliteValues.ToDb(now)).With("$limit", limit);
            var due = await select.ReadAllAsync(SqliteDialect.Instance, WebhookDeliveryRows.Read, cancellationToken);
            // The same rows: nothing else can write between the two statements while the write lock is held.
            await using var lease = connection.Sql(
                $"UPDATE webhook_deliveries SET next_attempt_at = $until WHERE id IN (SELECT id FROM webhook_deliveries WHERE {Due})", transaction)
                .With("$until", SqliteValues.ToDb(leaseUntil)).With("$now", SqliteValues.ToDb(now)).With("$limit", limit);
            await lease.ExecuteNonQueryAsync(cancellationToken);
            var until = DateTimeOffset.FromUnixTimeMilliseconds(SqliteValues.ToDb(leaseUntil));
            return due.ConvertAll(d => d with { NextAttemptAt = until });
        }, cancellationToken);
}
