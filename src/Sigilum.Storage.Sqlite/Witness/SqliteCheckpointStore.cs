using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Witness;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Witness;

/// <summary>Witnessed audit checkpoints, kept verbatim.</summary>
internal sealed class SqliteCheckpointStore(SqliteDatabase database) : ICheckpointStore
{
    /// <summary>Durable: a witness that forgets its newest checkpoint after a power cut lets a truncated log pass.</summary>
    public async Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return await database.ExecuteAsync(Durability.Full, $"""
            INSERT INTO checkpoints({CheckpointRows.Columns}) VALUES ($node, $ns, $seq, $head, $json, $at)
            ON CONFLICT (node_id, seq) DO NOTHING
            """, c => c.With("$node", checkpoint.NodeId).With("$ns", checkpoint.Namespace).With("$seq", checkpoint.Seq)
                .With("$head", checkpoint.Head).With("$json", checkpoint.Json).With("$at", SqliteValues.ToDb(checkpoint.ReceivedAt)),
            cancellationToken) == 1;
    }

    public Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = $node ORDER BY seq DESC LIMIT 1")
                .With("$node", nodeId);
            return (await command.ReadAllAsync(CheckpointRows.Read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string nodeId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<StoredCheckpoint>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = $node ORDER BY received_at DESC, seq DESC LIMIT $limit")
                .With("$node", nodeId).With("$limit", limit);
            return await command.ReadAllAsync(CheckpointRows.Read, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredCheckpoint>>(async connection =>
        {
            await using var command = connection.Sql("""
                SELECT c.node_id, c.namespace, c.seq, c.head, c.json, c.received_at
                FROM checkpoints c
                JOIN (SELECT node_id, max(seq) AS seq FROM checkpoints WHERE namespace = $ns GROUP BY node_id) latest
                  ON latest.node_id = c.node_id AND latest.seq = c.seq
                ORDER BY c.node_id
                """).With("$ns", ns);
            return await command.ReadAllAsync(CheckpointRows.Read, cancellationToken);
        }, cancellationToken);
}
