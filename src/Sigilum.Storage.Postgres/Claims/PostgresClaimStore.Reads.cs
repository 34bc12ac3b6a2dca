using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>Lookups and listing.</summary>
internal sealed partial class PostgresClaimStore
{
    public Task<ClaimRecord?> GetAsync(string claimId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {ClaimRows.Columns} FROM claims WHERE id = @id").With("id", claimId);
            return (await command.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<ClaimRecord?> FindAsync(string ns, string service, string publicKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => FindAsync(connection, null, ns, service, publicKey, cancellationToken), cancellationToken);

    public Task<Page<ClaimRecord>> ListAsync(ClaimQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        // count(*) OVER () gives the total before paging from the same snapshot in one round trip.
        return database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT {ClaimRows.Columns}, count(*) OVER () FROM claims
                WHERE (@ns::text IS NULL OR namespace = @ns) AND (@status::text IS NULL OR status = @status)
                  AND (@service::text IS NULL OR service = @service) AND (@key::text IS NULL OR public_key = @key)
                  AND (@before::timestamptz IS NULL OR updated_at < @before)
                ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
                """)
                .With("ns", NpgsqlDbType.Text, query.Namespace)
                .With("status", NpgsqlDbType.Text, query.Status is { } s ? EnumText.Of(s) : null)
                .With("service", NpgsqlDbType.Text, query.Service).With("key", NpgsqlDbType.Text, query.PublicKey)
                .With("before", NpgsqlDbType.TimestampTz, query.UpdatedBefore is { } before ? PostgresValues.ToDb(before) : null)
                .With("limit", query.Limit).With("offset", query.Offset);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new PostgresRow(reader);
            var items = new List<ClaimRecord>();
            var total = 0L;
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ClaimRows.Read(row));
                total = row.GetInt64(ClaimRows.ColumnCount);
            }
            if (items.Count == 0 && query.Offset > 0)
            {
                // A page past the end has no row to carry the window count.
                total = await CountAsync(connection, query, cancellationToken);
            }
            return new Page<ClaimRecord>(items, (int)total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, ClaimQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql("""
            SELECT count(*) FROM claims
            WHERE (@ns::text IS NULL OR namespace = @ns) AND (@status::text IS NULL OR status = @status)
              AND (@service::text IS NULL OR service = @service) AND (@key::text IS NULL OR public_key = @key)
              AND (@before::timestamptz IS NULL OR updated_at < @before)
            """)
            .With("ns", NpgsqlDbType.Text, query.Namespace)
            .With("status", NpgsqlDbType.Text, query.Status is { } s ? EnumText.Of(s) : null)
            .With("service", NpgsqlDbType.Text, query.Service).With("key", NpgsqlDbType.Text, query.PublicKey)
                .With("before", NpgsqlDbType.TimestampTz, query.UpdatedBefore is { } before ? PostgresValues.ToDb(before) : null);
        return await command.ScalarLongAsync(cancellationToken);
    }

    private static async Task<ClaimRecord?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string ns, string service, string publicKey, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql(
            $"SELECT {ClaimRows.Columns} FROM claims WHERE namespace = @ns AND service = @service AND public_key = @key", transaction)
            .With("ns", ns).With("service", service).With("key", publicKey);
        return (await command.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
    }
}
