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
    /// One <c>BEGIN IMMEDIATE</c> transaction (one WAL commit per batch) and multi-row <c>INSERT</c>s of
    /// <see cref="RowsPerStatement"/> events each, so the per-statement cost of Microsoft.Data.Sqlite (reader, reset,
    /// step) is paid once per 50 events rather than per event (ADR 0029). <c>ON CONFLICT DO NOTHING</c> applies row by
    /// row, also to a row repeating an id inserted earlier by the same statement; the changes count is what was new.
    /// </summary>
    public Task<int> AddBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default)
    {
        UsageBatch.Check(events);
        return database.WriteAsync(Durability.Normal, async (connection, transaction) =>
        {
            var added = 0;
            for (var offset = 0; offset < events.Count; offset += RowsPerStatement)
            {
                var rows = Math.Min(RowsPerStatement, events.Count - offset);
                await using var insert = connection.Sql(MultiRowInsertSql(rows), transaction);
                for (var row = 0; row < rows; row++)
                {
                    var usage = events[offset + row];
                    var first = row * ParameterNames.Length;
                    Bind(insert, first, usage.EventId);
                    Bind(insert, first + 1, usage.Namespace);
                    Bind(insert, first + 2, usage.Service);
                    Bind(insert, first + 3, usage.PublicKey);
                    Bind(insert, first + 4, SqliteValues.ToDb(usage.Subject));
                    Bind(insert, first + 5, SqliteValues.ToDb(usage.AgentId));
                    Bind(insert, first + 6, usage.Outcome);
                    Bind(insert, first + 7, SqliteValues.ToDb(usage.StatusCode));
                    Bind(insert, first + 8, SqliteValues.ToDb(usage.DurationMs));
                    Bind(insert, first + 9, SqliteValues.ToDb(usage.Method));
                    Bind(insert, first + 10, SqliteValues.ToDb(usage.Path));
                    Bind(insert, first + 11, SqliteValues.ToDb(usage.NodeId));
                    Bind(insert, first + 12, SqliteValues.ToDb(usage.CreatedAt));
                }
                added += await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);
    }

    /// <summary>Events per multi-row statement: 650 parameters, far under SQLite's limit of 32,766.</summary>
    private const int RowsPerStatement = 50;

    private static readonly string?[] MultiRowSql = new string?[RowsPerStatement + 1];

    /// <summary><c>$p0</c> … <c>$p649</c>, so binding allocates no names.</summary>
    private static readonly string[] MultiRowParameters =
        [.. Enumerable.Range(0, RowsPerStatement * ParameterNames.Length).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The insert of <paramref name="rows"/> events, parameters <c>$p0</c>… in row-major order; built once per size.</summary>
    private static string MultiRowInsertSql(int rows) => MultiRowSql[rows] ??= BuildMultiRowInsert(rows);

    private static string BuildMultiRowInsert(int rows)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO usage_events({UsageRows.Columns}) VALUES ", rows * 100);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < ParameterNames.Length; column++)
            {
                sql.Append(column == 0 ? "$p" : ", $p").Append((row * ParameterNames.Length) + column);
            }
            sql.Append(')');
        }
        return sql.Append(" ON CONFLICT (event_id) DO NOTHING").ToString();
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, int index, object value) =>
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter(MultiRowParameters[index], value));

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
