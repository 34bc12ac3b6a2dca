using NpgsqlTypes;
using Sigilum.Core.Claims;
using Sigilum.Core.Usage;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Usage;

/// <summary>Usage events: idempotent by event id, queried newest first.</summary>
internal sealed class PostgresUsageStore(PostgresDatabase database) : IUsageStore
{
    private const string Columns =
        "event_id, namespace, service, public_key, subject, agent_id, outcome, status_code, duration_ms, method, path, node_id, created_at";

    /// <summary>
    /// Agent matches a case-insensitive substring of the agent id or the public key (the reference's
    /// filter); <c>strpos</c> rather than LIKE so <c>%</c> and <c>_</c> in the filter are plain characters.
    /// From is inclusive, To exclusive.
    /// </summary>
    private const string Filter = """
        WHERE namespace = @ns AND (@service::text IS NULL OR service = @service) AND (@outcome::text IS NULL OR outcome = @outcome)
          AND (@agent::text IS NULL OR strpos(lower(coalesce(agent_id, '')), lower(@agent)) > 0 OR strpos(lower(public_key), lower(@agent)) > 0)
          AND (@from::timestamptz IS NULL OR created_at >= @from) AND (@to::timestamptz IS NULL OR created_at < @to)
        """;

    public async Task<bool> AddAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return await database.ExecuteAsync($"""
            INSERT INTO usage_events({Columns})
            VALUES (@id, @ns, @service, @key, @subject, @agent, @outcome, @code, @duration, @method, @path, @node, @created)
            ON CONFLICT (event_id) DO NOTHING
            """, c => c
            .With("id", usage.EventId).With("ns", usage.Namespace).With("service", usage.Service).With("key", usage.PublicKey)
            .With("subject", NpgsqlDbType.Text, usage.Subject).With("agent", NpgsqlDbType.Text, usage.AgentId).With("outcome", usage.Outcome)
            .With("code", NpgsqlDbType.Integer, usage.StatusCode).With("duration", NpgsqlDbType.Bigint, usage.DurationMs)
            .With("method", NpgsqlDbType.Text, usage.Method).With("path", NpgsqlDbType.Text, usage.Path).With("node", NpgsqlDbType.Text, usage.NodeId)
            .With("created", PostgresValues.ToDb(usage.CreatedAt)),
            cancellationToken) == 1;
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
                .With("agent", NpgsqlDbType.Text, query.Agent)
                .With("from", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.From)).With("to", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(query.To));

            await using var count = Filtered($"SELECT count(*) FROM usage_events {Filter}");
            var total = (int)await count.ScalarLongAsync(cancellationToken);
            await using var page = Filtered($"SELECT {Columns} FROM usage_events {Filter} ORDER BY created_at DESC, event_id COLLATE \"C\" DESC LIMIT @limit OFFSET @offset")
                .With("limit", query.Limit).With("offset", query.Offset);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            var items = new List<UsageEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new UsageEvent
                {
                    EventId = reader.GetString(0),
                    Namespace = reader.GetString(1),
                    Service = reader.GetString(2),
                    PublicKey = reader.GetString(3),
                    Subject = reader.StringOrNull(4),
                    AgentId = reader.StringOrNull(5),
                    Outcome = reader.GetString(6),
                    StatusCode = reader.IntOrNull(7),
                    DurationMs = reader.LongOrNull(8),
                    Method = reader.StringOrNull(9),
                    Path = reader.StringOrNull(10),
                    NodeId = reader.StringOrNull(11),
                    CreatedAt = reader.Time(12),
                });
            }
            return new Page<UsageEvent>(items, total, query.Limit, query.Offset);
        }, cancellationToken);
    }
}
