using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Witness;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Witness;

/// <summary>Witnessed audit checkpoints, kept verbatim.</summary>
internal sealed class SqlCheckpointStore(RelationalDatabase database) : ICheckpointStore
{
    private readonly string _latestPerNodeSql = $"""
        SELECT c.node_id, c.namespace, c.seq, c.head, c.json, c.received_at
        FROM checkpoints c
        JOIN (SELECT node_id, max(seq) AS seq FROM checkpoints WHERE namespace = @ns GROUP BY node_id) latest
          ON latest.node_id = c.node_id AND latest.seq = c.seq
        ORDER BY c.node_id{database.Dialect.ByteOrder}
        """;

    /// <summary>Durable: a witness that forgets its newest checkpoint after a power cut lets a truncated log pass.</summary>
    public async Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return await database.ExecuteAsync(Durability.Full, $"""
            INSERT INTO checkpoints({CheckpointRows.Columns}) VALUES (@node, @ns, @seq, @head, @json, @at)
            ON CONFLICT (node_id, seq) DO NOTHING
            """, c => c.With("@node", checkpoint.NodeId).With("@ns", checkpoint.Namespace).With("@seq", checkpoint.Seq)
                .With("@head", checkpoint.Head).With("@json", checkpoint.Json).With("@at", checkpoint.ReceivedAt),
            cancellationToken) == 1;
    }

    public async Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = @node ORDER BY seq DESC LIMIT 1",
            c => c.With("@node", nodeId), CheckpointRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string nodeId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await database.QueryAsync($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = @node ORDER BY received_at DESC, seq DESC LIMIT @limit",
            c => c.With("@node", nodeId).With("@limit", limit), CheckpointRows.Read, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_latestPerNodeSql, c => c.With("@ns", ns), CheckpointRows.Read, cancellationToken);
}
