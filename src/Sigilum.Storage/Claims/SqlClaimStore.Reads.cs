using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Claims;

/// <summary>Lookups and listing.</summary>
internal sealed partial class SqlClaimStore
{
    private const string Filter = """
        WHERE (@ns IS NULL OR namespace = @ns) AND (@status IS NULL OR status = @status)
          AND (@service IS NULL OR service = @service) AND (@key IS NULL OR public_key = @key)
          AND (@before IS NULL OR updated_at < @before)
        """;

    public async Task<ClaimRecord?> GetAsync(string claimId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ClaimRows.Columns} FROM claims WHERE id = @id", c => c.With("@id", claimId), ClaimRows.Read, cancellationToken))
        .SingleOrDefault();

    public Task<ClaimRecord?> FindAsync(string ns, string service, string publicKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(session => FindAsync(session, ns, service, publicKey, cancellationToken), cancellationToken);

    /// <summary>
    /// <c>count(*) OVER ()</c> gives the total before paging from the same snapshot in one statement; a page past the
    /// end has no row to carry it, so only then is the total counted on its own.
    /// </summary>
    public Task<Page<ClaimRecord>> ListAsync(ClaimQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        return database.ReadAsync(async session =>
        {
            await using var page = Filtered(session.Sql(
                $"SELECT {ClaimRows.Columns}, count(*) OVER () FROM claims {Filter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset"), query)
                .With("@limit", query.Limit).With("@offset", query.Offset);
            var rows = await page.ReadAllAsync(row => (Claim: ClaimRows.Read(row), Total: row.GetInt64(ClaimRows.ColumnCount)), cancellationToken);
            var total = rows.Count > 0 ? rows[0].Total : 0L;
            if (rows.Count == 0 && query.Offset > 0)
            {
                await using var count = Filtered(session.Sql($"SELECT count(*) FROM claims {Filter}"), query);
                total = await count.ScalarLongAsync(cancellationToken);
            }
            return new Page<ClaimRecord>(rows.ConvertAll(r => r.Claim), (int)total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    private static SqlStatement Filtered(SqlStatement statement, ClaimQuery query) => statement
        .With("@ns", query.Namespace).With("@status", query.Status is { } s ? EnumText.Of(s) : null)
        .With("@service", query.Service).With("@key", query.PublicKey).With("@before", query.UpdatedBefore);

    private static async Task<ClaimRecord?> FindAsync(SqlSession session, string ns, string service, string publicKey, CancellationToken cancellationToken)
    {
        await using var command = session.Sql($"SELECT {ClaimRows.Columns} FROM claims WHERE namespace = @ns AND service = @service AND public_key = @key")
            .With("@ns", ns).With("@service", service).With("@key", publicKey);
        return (await command.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
    }
}
