using Microsoft.Data.Sqlite;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>Lookups and listing.</summary>
internal sealed partial class SqliteClaimStore
{
    public Task<ClaimRecord?> GetAsync(string claimId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => GetAsync(connection, null, claimId, cancellationToken), cancellationToken);

    public Task<ClaimRecord?> FindAsync(string ns, string service, string publicKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => FindAsync(connection, null, ns, service, publicKey, cancellationToken), cancellationToken);

    public Task<Page<ClaimRecord>> ListAsync(ClaimQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        const string Filter = """
            WHERE ($ns IS NULL OR namespace = $ns) AND ($status IS NULL OR status = $status)
              AND ($service IS NULL OR service = $service) AND ($key IS NULL OR public_key = $key)
              AND ($before IS NULL OR updated_at < $before)
            """;
        return database.ReadAsync(async connection =>
        {
            SqliteCommand Filtered(string sql) => connection.Sql(sql)
                .With("$ns", query.Namespace).With("$status", query.Status is { } s ? EnumText.Of(s) : null)
                .With("$service", query.Service).With("$key", query.PublicKey)
                .With("$before", query.UpdatedBefore is { } before ? SqliteValues.ToDb(before) : null);

            // One read transaction so the total and the page come from the same snapshot.
            await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true);
            await using var count = Filtered($"SELECT count(*) FROM claims {Filter}");
            count.Transaction = transaction;
            var total = (int)await count.ScalarLongAsync(cancellationToken);
            await using var page = Filtered($"SELECT {ClaimRows.Columns} FROM claims {Filter} ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset")
                .With("$limit", query.Limit).With("$offset", query.Offset);
            page.Transaction = transaction;
            var items = await page.ReadAllAsync(ClaimRows.Read, cancellationToken);
            return new Page<ClaimRecord>(items, total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    private static async Task<ClaimRecord?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, string claimId, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql($"SELECT {ClaimRows.Columns} FROM claims WHERE id = $id", transaction).With("$id", claimId);
        return (await command.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
    }

    private static async Task<ClaimRecord?> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string ns, string service, string publicKey, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql(
            $"SELECT {ClaimRows.Columns} FROM claims WHERE namespace = $ns AND service = $service AND public_key = $key", transaction)
            .With("$ns", ns).With("$service", service).With("$key", publicKey);
        return (await command.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
    }
}
