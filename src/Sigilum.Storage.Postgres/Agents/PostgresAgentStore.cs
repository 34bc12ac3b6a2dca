using NpgsqlTypes;
using Sigilum.Core.Agents;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Agents;

/// <summary>Agent keys seen per namespace.</summary>
internal sealed class PostgresAgentStore(PostgresDatabase database) : IAgentStore
{
    /// <summary>First sight inserts; later sights move last-seen forward and keep a known name unless a new one is given.</summary>
    public Task TouchAsync(string ns, string publicKey, string keyId, string? name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            INSERT INTO agents(namespace, public_key, key_id, name, first_seen_at, last_seen_at) VALUES (@ns, @key, @kid, @name, @now, @now)
            ON CONFLICT (namespace, public_key) DO UPDATE SET
                key_id = excluded.key_id, name = coalesce(excluded.name, agents.name),
                last_seen_at = greatest(agents.last_seen_at, excluded.last_seen_at)
            """, c => c.With("ns", ns).With("key", publicKey).With("kid", keyId).With("name", NpgsqlDbType.Text, name)
                .With("now", PostgresValues.ToDb(now)),
            cancellationToken);

    /// <summary>Most recently seen first.</summary>
    public Task<IReadOnlyList<AgentRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AgentRecord>>(async connection =>
        {
            await using var command = connection.Sql("""
                SELECT namespace, public_key, key_id, name, first_seen_at, last_seen_at FROM agents
                WHERE namespace = @ns ORDER BY last_seen_at DESC, public_key COLLATE "C"
                """).With("ns", ns);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var agents = new List<AgentRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                agents.Add(new AgentRecord
                {
                    Namespace = reader.GetString(0),
                    PublicKey = reader.GetString(1),
                    KeyId = reader.GetString(2),
                    Name = reader.StringOrNull(3),
                    FirstSeenAt = reader.Time(4),
                    LastSeenAt = reader.Time(5),
                });
            }
            return agents;
        }, cancellationToken);
}
