using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Usage;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Usage;

/// <summary>Usage events: idempotent by event id, queried newest first; batches go through the engine's <see cref="IUsageBatchWriter"/>.</summary>
internal sealed class SqlUsageStore(RelationalDatabase database, IUsageBatchWriter batches) : IUsageStore
{
    /// <summary>The single-event insert, in <see cref="UsageRows.Columns"/> order (the engines' batch writers use the same spelling).</summary>
    public const string InsertSql = $"""
        INSERT INTO usage_events({UsageRows.Columns})
        VALUES (@id, @ns, @service, @key, @subject, @agent, @outcome, @code, @duration, @method, @path, @node, @created, @protocol, @action)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>
    /// Agent matches a case-insensitive substring of the agent id or the public key (the reference's filter); a
    /// position function rather than LIKE so <c>%</c> and <c>_</c> in the filter are plain characters. From is
    /// inclusive, To exclusive. A row without a protocol was reported before it was recorded: an HTTP request.
    /// </summary>
    private readonly string _filter = $"""
        WHERE namespace = @ns AND (@service IS NULL OR service = @service) AND (@outcome IS NULL OR outcome = @outcome)
          AND (@protocol IS NULL OR coalesce(protocol, 'http') = @protocol)
          AND (@plane IS NULL OR coalesce((SELECT kind FROM nodes WHERE nodes.id = usage_events.node_id), 'gateway') = @plane)
          AND (@agent IS NULL OR {database.Dialect.Position("lower(coalesce(agent_id, ''))", "lower(@agent)")} > 0
               OR {database.Dialect.Position("lower(public_key)", "lower(@agent)")} > 0)
          AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
        """;

    public async Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return await database.ExecuteAsync(Durability.Normal, InsertSql, c => c
            .With("@id", usage.EventId).With("@ns", usage.Namespace).With("@service", usage.Service).With("@key", usage.PublicKey)
            .With("@subject", usage.Subject).With("@agent", usage.AgentId).With("@outcome", usage.Outcome)
            .With("@code", usage.StatusCode).With("@duration", usage.DurationMs)
            .With("@method", usage.Method).With("@path", usage.Path).With("@node", usage.NodeId)
            .With("@created", usage.CreatedAt).With("@protocol", usage.Protocol).With("@action", usage.Action),
            cancellationToken) == 1;
    }

    public Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        UsageBatch.Check(events);
        return batches.InsertAsync(events, cancellationToken);
    }

    public Task<Page<UsageEvent>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        // Total and page from one snapshot.
        return database.SnapshotAsync(async session =>
        {
            await using var count = Filtered(session.Sql($"SELECT count(*) FROM usage_events {_filter}"), query);
            var total = (int)await count.ScalarLongAsync(cancellationToken);
            await using var page = Filtered(session.Sql(
                $"SELECT {UsageRows.Columns} FROM usage_events {_filter} ORDER BY created_at DESC, event_id{session.Dialect.ByteOrder} DESC LIMIT @limit OFFSET @offset"),
                query).With("@limit", query.Limit).With("@offset", query.Offset);
            var items = await page.ReadAllAsync(UsageRows.Read, cancellationToken);
            return new Page<UsageEvent>(items, total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    /// <summary>
    /// Grouped in the database on the (namespace, created_at) index: at most buckets × outcomes rows come back. Bucket
    /// numbers are computed on integer milliseconds (times are stored to the millisecond), so both engines agree on
    /// every boundary.
    /// </summary>
    public async Task<IReadOnlyList<UsageCount>> CountByBucketAsync(UsageQuery query, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var (fromMs, bucketMs) = UsageBuckets.Check(query, bucket);
        var dialect = database.Dialect;
        return await database.QueryAsync($"""
            SELECT ({dialect.Millis("created_at")} - @fromms) / @bucket AS bucket, outcome, count(*) FROM usage_events {_filter}
            GROUP BY bucket, outcome ORDER BY bucket, outcome{dialect.ByteOrder}
            """, c => Filtered(c, query).With("@fromms", fromMs).With("@bucket", bucketMs),
            row => UsageBuckets.Read(row, fromMs, bucketMs), cancellationToken);
    }

    private static SqlStatement Filtered(SqlStatement statement, UsageQuery query) => statement
        .With("@ns", query.Namespace).With("@service", query.Service).With("@outcome", query.Outcome).With("@agent", query.Agent)
        .With("@protocol", query.Protocol).With("@plane", query.DataPlane).With("@from", query.From).With("@to", query.To);
}
