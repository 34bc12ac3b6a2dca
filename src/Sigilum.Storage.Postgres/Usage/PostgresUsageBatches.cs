using NpgsqlTypes;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Usage;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Usage;

namespace Sigilum.Storage.Postgres.Usage;

/// <summary>Usage batches on PostgreSQL (the hot write of the control plane's usage ingest).</summary>
internal sealed class PostgresUsageBatches(PostgresDatabase database) : IUsageBatchWriter
{
    /// <summary>
    /// One statement over arrays (<c>INSERT … SELECT FROM unnest(…)</c>), so one implicit transaction: a batch is one round trip
    /// and one commit whatever its size (ADR 0029). A repeated id, in the table or within the batch, is skipped.
    /// </summary>
    public Task<int> InsertAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
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
        return database.OnConnectionAsync(async connection =>
        {
            // ON CONFLICT DO NOTHING also skips a later row of the same statement with an id already inserted by it.
            await using var insert = connection.Sql($"""
                INSERT INTO usage_events({UsageRows.Columns})
                SELECT * FROM unnest(@ids::text[], @nss::text[], @services::text[], @keys::text[], @subjects::text[], @agents::text[], @outcomes::text[],
                                     @codes::integer[], @durations::bigint[], @methods::text[], @paths::text[], @nodes::text[], @created::timestamptz[],
                                     @protocols::text[], @actions::text[])
                ON CONFLICT (event_id) DO NOTHING
                """)
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
}
