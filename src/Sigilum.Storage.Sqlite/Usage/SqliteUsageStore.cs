using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Usage;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Usage;

/// <summary>Usage events: idempotent by event id, queried newest first.</summary>
internal sealed class SqliteUsageStore(SqliteDatabase database) : IUsageStore
{
    /// <summary>
    /// Agent matches a case-insensitive substring of the agent id or the public key (the reference's
    /// filter); <c>instr</c> rather than LIKE so <c>%</c> and <c>_</c> in the filter are plain characters.
    /// From is inclusive, To exclusive.
    /// </summary>
    private const string Filter = """
        WHERE namespace = $ns AND ($service IS NULL OR service = $service) AND ($outcome IS NULL OR outcome = $outcome)
          AND ($agent IS NULL OR instr(lower(coalesce(agent_id, '')), lower($agent)) > 0 OR instr(lower(public_key), lower($agent)) > 0)
          AND ($from IS NULL OR created_at >= $from) AND ($to IS NULL OR created_at < $to)
        """;

    private const string InsertSql = $"""
        INSERT INTO usage_events({UsageRows.Columns})
        VALUES ($id, $ns, $service, $key, $subject, $agent, $outcome, $code, $duration, $method, $path, $node, $created)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>The parameters of <see cref="InsertSql"/>, in <see cref="UsageRows.Columns"/> order.</summary>
    private static readonly string[] ParameterNames =
        ["$id", "$ns", "$service", "$key", "$subject", "$agent", "$outcome", "$code", "$duration", "$method", "$path", "$node", "$created"];

    public async Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return await database.ExecuteAsync(Durability.Normal, InsertSql, c => c
            .With("$id", usage.EventId).With("$ns", usage.Namespace).With("$service", usage.Service).With("$key", usage.PublicKey)
            .With("$subject", usage.Subject).With("$agent", usage.AgentId).With("$outcome", usage.Outcome)
            .With("$code", SqliteValues.ToDb(usage.StatusCode)).With("$duration", SqliteValues.ToDb(usage.DurationMs))
            .With("$method", usage.Method).With("$path", usage.Path).With("$node", usage.NodeId)
            .With("$created", SqliteValues.ToDb(usage.CreatedAt)),
            cancellationToken) == 1;
    }

    /// <summary>
    /// One <c>BEGIN IMMEDIATE</c> transaction and one prepared statement rebound per event: a batch costs one WAL commit
    /// and one parse instead of one of each per event (ADR 0029).
    /// </summary>
    public Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        UsageBatch.Check(events);
        return database.WriteAsync(Durability.Normal, async (connection, transaction) =>
        {
            await using var insert = connection.Sql(InsertSql, transaction);
            var p = new Microsoft.Data.Sqlite.SqliteParameter[ParameterNames.Length];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = ParameterNames[i] });
            }
            var added = 0;
            foreach (var usage in events)
            {
                p[0].Value = usage.EventId;
                p[1].Value = usage.Namespace;
                p[2].Value = usage.Service;
                p[3].Value = usage.PublicKey;
                p[4].Value = SqliteValues.ToDb(usage.Subject);
                p[5].Value = SqliteValues.ToDb(usage.AgentId);
                p[6].Value = usage.Outcome;
                p[7].Value = SqliteValues.ToDb(usage.StatusCode);
                p[8].Value = SqliteValues.ToDb(usage.DurationMs);
                p[9].Value = SqliteValues.ToDb(usage.Method);
                p[10].Value = SqliteValues.ToDb(usage.Path);
                p[11].Value = SqliteValues.ToDb(usage.NodeId);
                p[12].Value = SqliteValues.ToDb(usage.CreatedAt);
                added += await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);
    }

    public Task<Page<UsageEvent>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        return database.ReadAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true);
            Microsoft.Data.Sqlite.SqliteCommand Filtered(string sql) => connection.Sql(sql, transaction)
                .With("$ns", query.Namespace).With("$service", query.Service).With("$outcome", query.Outcome).With("$agent", query.Agent)
                .With("$from", SqliteValues.ToDb(query.From)).With("$to", SqliteValues.ToDb(query.To));

            await using var count = Filtered($"SELECT count(*) FROM usage_events {Filter}");
            var total = (int)await count.ScalarLongAsync(cancellationToken);
            await using var page = Filtered($"SELECT {UsageRows.Columns} FROM usage_events {Filter} ORDER BY created_at DESC, event_id DESC LIMIT $limit OFFSET $offset")
                .With("$limit", query.Limit).With("$offset", query.Offset);
            var items = await page.ReadAllAsync(UsageRows.Read, cancellationToken);
            return new Page<UsageEvent>(items, total, query.Limit, query.Offset);
        }, cancellationToken);
    }

    /// <summary>Grouped in the database on the (namespace, created_at) index: at most buckets × outcomes rows come back.</summary>
    public Task<IReadOnlyList<UsageCount>> CountByBucketAsync(UsageQuery query, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var (fromMs, bucketMs) = UsageBuckets.Check(query, bucket);
        return database.ReadAsync<IReadOnlyList<UsageCount>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT (created_at - $from) / $bucket AS bucket, outcome, count(*) FROM usage_events {Filter}
                GROUP BY bucket, outcome ORDER BY bucket, outcome
                """)
                .With("$ns", query.Namespace).With("$service", query.Service).With("$outcome", query.Outcome).With("$agent", query.Agent)
                .With("$from", fromMs).With("$to", SqliteValues.ToDb(query.To)).With("$bucket", bucketMs);
            return await command.ReadAllAsync(row => UsageBuckets.Read(row, fromMs, bucketMs), cancellationToken);
        }, cancellationToken);
    }
}
