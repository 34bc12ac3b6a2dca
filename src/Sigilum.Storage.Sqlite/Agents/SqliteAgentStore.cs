using Sigilum.Core.Agents;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Agents;

/// <summary>Agent keys seen per namespace.</summary>
internal sealed class SqliteAgentStore(SqliteDatabase database) : IAgentStore
{
    /// <summary>First sight inserts; later sights move last-seen forward and keep a known name unless a new one is given.</summary>
    public Task TouchAsync(string ns, string publicKey, string keyId, string? name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Normal, """
            INSERT INTO agents(namespace, public_key, key_id, name, first_seen_at, last_seen_at) VALUES ($ns, $key, $kid, $name, $now, $now)
            ON CONFLICT (namespace, public_key) DO UPDATE SET
                key_id = excluded.key_id, name = coalesce(excluded.name, agents.name),
                last_seen_at = max(agents.last_seen_at, excluded.last_seen_at)
            """, c => c.With("$ns", ns).With("$key", publicKey).With("$kid", keyId).With("$name", name).With("$now", SqliteValues.ToDb(now)),
            cancellationToken);

    /// <summary>Most recently seen first.</summary>
    public Task<IReadOnlyList<AgentRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AgentRecord>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT {AgentRows.Columns} FROM agents
                WHERE namespace = $ns ORDER BY last_seen_at DESC, public_key
                """).With("$ns", ns);
            return await command.ReadAllAsync(AgentRows.Read, cancellationToken);
        }, cancellationToken);
}
