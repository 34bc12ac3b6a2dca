using Sigilum.Core.Agents;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Agents;

/// <summary>Agent keys seen per namespace.</summary>
internal sealed class SqlAgentStore(RelationalDatabase database) : IAgentStore
{
    private readonly string _touchSql = $"""
        INSERT INTO agents(namespace, public_key, key_id, name, first_seen_at, last_seen_at) VALUES (@ns, @key, @kid, @name, @now, @now)
        ON CONFLICT (namespace, public_key) DO UPDATE SET
            key_id = excluded.key_id, name = coalesce(excluded.name, agents.name),
            last_seen_at = {database.Dialect.Greatest("agents.last_seen_at", "excluded.last_seen_at")}
        """;

    private readonly string _listSql = $"""
        SELECT {AgentRows.Columns} FROM agents
        WHERE namespace = @ns ORDER BY last_seen_at DESC, public_key{database.Dialect.ByteOrder}
        """;

    /// <summary>First sight inserts; later sights move last-seen forward and keep a known name unless a new one is given.</summary>
    public Task TouchAsync(string ns, string publicKey, string keyId, string? name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Normal, _touchSql,
            c => c.With("@ns", ns).With("@key", publicKey).With("@kid", keyId).With("@name", name).With("@now", now), cancellationToken);

    /// <summary>Most recently seen first.</summary>
    public async Task<IReadOnlyList<AgentRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, c => c.With("@ns", ns), AgentRows.Read, cancellationToken);
}
