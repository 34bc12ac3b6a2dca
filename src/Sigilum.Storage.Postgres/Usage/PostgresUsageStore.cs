using NpgsqlTypes;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Usage;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Usage;

/// <summary>Usage events: idempotent by event id, queried newest first.</summary>
internal sealed class PostgresUsageStore(PostgresDatabase database) : IUsageStore
{
    /// <summary>
    /// Agent matches a case-insensitive substring of the agent id or the public key (the reference's
    /// filter); <c>strpos</c> rather than LIKE so <c>%</c> and <c>_</c> in the filter are plain characters.
    /// From is inclusive, To exclusive. A row without a protocol was reported before it was recorded: an HTTP request.
    /// </summary>
    private const string Filter = """
        WHERE namespace = @ns AND (@service::text IS NULL OR service = @service) AND (@outcome::text IS NULL OR outcome = @outcome)
          AND (@protocol::text IS NULL OR coalesce(protocol, 'http') = @protocol)
          AND (@agent::text IS NULL OR strpos(lower(coalesce(agent_id, '')), lower(@agent)) > 0 OR strpos(lower(public_key), lower(@agent)) > 0)
          AND (@from::timestamptz IS NULL OR created_at >= @from) AND (@to::timestamptz IS NULL OR created_at < @to)
        """;

    public async Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return await database.ExecuteAsync($"""
            INSERT INTO usage_events({UsageRows.Columns})
            VALUES (@id, @ns, @service, @key, @subject, @agent, @outcome, @code, @duration, @method, @path, @node, @created, @protocol, @action)
            ON CONFLICT (event_id) DO NOTHING
            """, c => c
            .With("id", usage.EventId).With("ns", usage.Namespace).With("service", usage.Service).With("key", usage.PublicKey)
            .With("subject", NpgsqlDbType.Text, usage.Subject).With("agent", NpgsqlDbType.Text, usage.AgentId).With("outcome", usage.Outcome)
            .With("code", NpgsqlDbType.Integer, usage.StatusCode).With("duration", NpgsqlDbType.Bigint, usage.DurationMs)
            .With("method", NpgsqlDbType.Text, usage.Method).With("path", NpgsqlDbType.Text, usage.Path).With("node", NpgsqlDbType.Text, usage.NodeId)
            .With("created", PostgresValues.ToDb(usage.CreatedAt))
            .With("protocol", NpgsqlDbType.Text, usage.Protocol).With("action", NpgsqlDbType.Text, usage.Action),
            cancellationToken) == 1;
    }

    /// <summary>
    /// One statement over arrays (<c>INSERT … SELECT FROM unnest(…)</c>) in one transaction: a batch is one round trip
    /// and one commit whatever its size (ADR 0029). A repeated id, in the table or within the batch, is skipped.
    /// </summary>
    public Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        UsageBatch.Check(events);
        var n = events.Count;
        var (ids, namespaces, services, keys, subjects, agents, outcomes) =
            (new string[n], new string[n], new string[n], new string[n], new string?[n], new string?[n], new string[n]);
        var (codes, durations, methods, paths, nodes, created) = (new int?[n], new long?[n], new string?[n], new string?[n], new string?[n], new DateTimeOffset[n]);
        var (protocols, actions) = (new string?[n], new string?[n]);
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            (ids[i], namespaces[i], services[i], keys[i], subjects[i], agents[i], outcomes[i]) = (e.EventId, e.Namespace, e.Service, e.PublicKey, e.Subject, e.AgentId, e.Outcome);
            (codes[i], durations[i], methods[i], paths[i], nodes[i], created[i]) = (e.StatusCode, e.DurationMs, e.Method, e.Path, e.NodeId, PostgresValues.ToDb(e.CreatedAt));
            (protocols[i], actions[i]) = (e.Protocol, e.Action);
        }
        return database.WriteAsync(async (connection, transaction) =>
        {
            // ON CONFLICT DO NOTHING also skips a later row of the same statement with an id already inserted by it.
            await using var insert = connection.Sql($"""
                INSERT INTO usage_events({UsageRows.Columns})
                SELECT * FROM unnest(@ids::text[], @nss::text[], @services::text[], @keys::text[], @subjects::text[], @agents::text[], @outcomes::text[],
                                     @codes::integer[], @durations::bigint[], @methods::text[], @paths::text[], @nodes::text[], @created::timestamptz[],
                                     @protocols::text[], @actions::text[])
                ON CONFLICT (event_id) DO NOTHING
                """, transaction)
                .With("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids).With("nss", NpgsqlDbType.Array | NpgsqlDbType.Text, namespaces)
                .With("services", NpgsqlDbType.Array | NpgsqlDbType.Text, services).With("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, keys)
                .With("subjects", NpgsqlDbType.Array | NpgsqlDbType.Text, subjects).With("agents", NpgsqlDbType.Array | NpgsqlDbType.Text, agents)
                .With("outcomes", NpgsqlDbType.Array | NpgsqlDbType.Text, outcomes).With("codes", NpgsqlDbType.Array | NpgsqlDbType.Integer, codes)
                .With("durations", NpgsqlDbType.Array | NpgsqlDbType.Bigint, durations).With("methods", NpgsqlDbType.Array | NpgsqlDbType.Text, methods)
                .With("paths", NpgsqlDbType.Array | NpgsqlDbType.Text, paths).With("nodes", NpgsqlDbType.Array | NpgsqlDbType.Text, nodes)
                .With("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, created)
                .With("protocols", NpgsqlDbType.Array | NpgsqlDbType.Text, protocols).With("actions", NpgsqlDbType.Array | NpgsqlDbType.Text, actions);
            return await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<Page<UsageEvent>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        return database.ReadAsync(async connection =>
        {
            // Total and page from one REPEATABLE READ snapshot.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            Npgsql.NpgsqlCommand Filtered(string sql) => connection.Sql(sql, transaction)
                .With("ns", query.Namespace).With("service", NpgsqlDbType.Text, query.Service).With("outcome", NpgsqlDbType.Text, query.Outcome)
                .With("agent", NpgsqlDbType.Text, query.Agent).With("protocol", NpgsqlDbType.Text, query.Protocol)
                .With("from", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.From)).With("to", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.To));

            await using var count = Filtered($"SELECT count(*) FROM usage_events {Filter}");
            var total = (int)await count.ScalarLongAsync(cancellationToken);
            await using var page = Filtered($"SELECT {UsageRows.Columns} FROM usage_events {Filter} ORDER BY created_at DESC, event_id COLLATE \"C\" DESC LIMIT @limit OFFSET @offset")
                .With("limit", query.Limit).With("offset", query.Offset);
            var items = await page.ReadAllAsync(UsageRows.Read, cancellationToken);
            return new Page<UsageEvent>(items, total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    /// <summary>
    /// Grouped in the database on the (namespace, created_at) index: at most buckets × outcomes rows come back.
    /// Bucket numbers are computed on integer milliseconds (times are stored to the millisecond), so they match the
    /// SQLite store's on every boundary.
    /// </summary>
    public Task<IReadOnlyList<UsageCount>> CountByBucketAsync(UsageQuery query, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var (fromMs, bucketMs) = UsageBuckets.Check(query, bucket);
        return database.ReadAsync<IReadOnlyList<UsageCount>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT (round(extract(epoch FROM created_at) * 1000)::bigint - @fromms) / @bucket AS bucket, outcome, count(*)
                FROM usage_events {Filter}
                GROUP BY bucket, outcome ORDER BY bucket, outcome COLLATE "C"
                """)
                .With("ns", query.Namespace).With("service", NpgsqlDbType.Text, query.Service).With("outcome", NpgsqlDbType.Text, query.Outcome)
                .With("agent", NpgsqlDbType.Text, query.Agent).With("protocol", NpgsqlDbType.Text, query.Protocol)
                .With("from", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.From)).With("to", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.To))
                .With("fromms", fromMs).With("bucket", bucketMs);
            return await command.ReadAllAsync(row => UsageBuckets.Read(row, fromMs, bucketMs), cancellationToken);
        }, cancellationToken);
    }
}
