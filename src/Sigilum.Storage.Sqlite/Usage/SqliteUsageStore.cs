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
    /// From is inclusive, To exclusive. A row without a protocol was reported before it was recorded: an HTTP request.
    /// </summary>
    private const string Filter = """
        WHERE namespace = $ns AND ($service IS NULL OR service = $service) AND ($outcome IS NULL OR outcome = $outcome)
          AND ($protocol IS NULL OR coalesce(protocol, 'http') = $protocol)
          AND ($agent IS NULL OR instr(lower(coalesce(agent_id, '')), lower($agent)) > 0 OR instr(lower(public_key), lower($agent)) > 0)
          AND ($from IS NULL OR created_at >= $from) AND ($to IS NULL OR created_at < $to)
        """;

    private const string InsertSql = $"""
        INSERT INTO usage_events({UsageRows.Columns})
        VALUES ($id, $ns, $service, $key, $subject, $agent, $outcome, $code, $duration, $method, $path, $node, $created, $protocol, $action)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>The parameters of <see cref="InsertSql"/>, in <see cref="UsageRows.Columns"/> order.</summary>
    private static readonly string[] ParameterNames =
        ["$id", "$ns", "$service", "$key", "$subject", "$agent", "$outcome", "$code", "$duration", "$method", "$path", "$node", "$created", "$protocol", "$action"];

    public async Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return await database.ExecuteAsync(Durability.Normal, InsertSql, c => c
            .With("$id", usage.EventId).With("$ns", usage.Namespace).With("$service", usage.Service).With("$key", usage.PublicKey)
            .With("$subject", usage.Subject).With("$agent", usage.AgentId).With("$outcome", usage.Outcome)
            .With("$code", SqliteValues.ToDb(usage.StatusCode)).With("$duration", SqliteValues.ToDb(usage.DurationMs))
            .With("$method", usage.Method).With("$path", usage.Path).With("$node", usage.NodeId)
            .With("$created", SqliteValues.ToDb(usage.CreatedAt)).With("$protocol", usage.Protocol).With("$action", usage.Action),
            cancellationToken) == 1;
    }

    /// <summary>
    /// One <c>BEGIN IMMEDIATE</c> transaction and one prepared statement rebound per event: a batch costs one WAL commit
    /// and one parse instead of one of each per event (ADR 0029). The statement is driven through SQLite's own API on the
    /// transaction's connection, bound by position: through <c>SqliteCommand</c> every event also paid a data reader and a
    /// name lookup per parameter (15 per row), the larger part of the insert's managed cost in the profile
    /// (docs/perf/control-plane-idle.md).
    /// </summary>
    public Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        UsageBatch.Check(events);
        return database.WriteAsync(Durability.Normal, (connection, _) => Task.FromResult(InsertAll(connection, events, cancellationToken)), cancellationToken);
    }

    private static int InsertAll(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(SQLitePCL.raw.sqlite3_prepare_v2(db, InsertSql, out var statement), db);
        using (statement)
        {
            var at = new int[ParameterNames.Length];
            for (var i = 0; i < at.Length; i++)
            {
                at[i] = SQLitePCL.raw.sqlite3_bind_parameter_index(statement, ParameterNames[i]);
            }
            var added = 0;
            foreach (var usage in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Text(statement, db, at[0], usage.EventId);
                Text(statement, db, at[1], usage.Namespace);
                Text(statement, db, at[2], usage.Service);
                Text(statement, db, at[3], usage.PublicKey);
                Text(statement, db, at[4], usage.Subject);
                Text(statement, db, at[5], usage.AgentId);
                Text(statement, db, at[6], usage.Outcome);
                Integer(statement, db, at[7], usage.StatusCode);
                Integer(statement, db, at[8], usage.DurationMs);
                Text(statement, db, at[9], usage.Method);
                Text(statement, db, at[10], usage.Path);
                Text(statement, db, at[11], usage.NodeId);
                Integer(statement, db, at[12], SqliteValues.ToDb(usage.CreatedAt));
                Text(statement, db, at[13], usage.Protocol);
                Text(statement, db, at[14], usage.Action);
                var rc = SQLitePCL.raw.sqlite3_step(statement);
                if (rc != SQLitePCL.raw.SQLITE_DONE)
                {
                    Check(rc, db);
                }
                // 0 when ON CONFLICT skipped an id already stored (or repeated earlier in the batch).
                added += SQLitePCL.raw.sqlite3_changes(db);
                SQLitePCL.raw.sqlite3_reset(statement);
            }
            return added;
        }
    }

    private static void Text(SQLitePCL.sqlite3_stmt statement, SQLitePCL.sqlite3 db, int index, string? value) =>
        Check(value is null ? SQLitePCL.raw.sqlite3_bind_null(statement, index) : SQLitePCL.raw.sqlite3_bind_text(statement, index, value), db);

    private static void Integer(SQLitePCL.sqlite3_stmt statement, SQLitePCL.sqlite3 db, int index, long? value) =>
        Check(value is { } v ? SQLitePCL.raw.sqlite3_bind_int64(statement, index, v) : SQLitePCL.raw.sqlite3_bind_null(statement, index), db);

    private static void Check(int rc, SQLitePCL.sqlite3 db)
    {
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);
        }
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
                .With("$protocol", query.Protocol).With("$from", SqliteValues.ToDb(query.From)).With("$to", SqliteValues.ToDb(query.To));

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
                .With("$protocol", query.Protocol).With("$from", fromMs).With("$to", SqliteValues.ToDb(query.To)).With("$bucket", bucketMs);
            return await command.ReadAllAsync(row => UsageBuckets.Read(row, fromMs, bucketMs), cancellationToken);
        }, cancellationToken);
    }
}
