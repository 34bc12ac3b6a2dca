using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Witness;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Witness;

/// <summary>Witnessed audit checkpoints, kept verbatim.</summary>
internal sealed class PostgresCheckpointStore(PostgresDatabase database) : ICheckpointStore
{
    public async Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return await database.ExecuteAsync($"""
            INSERT INTO checkpoints({CheckpointRows.Columns}) VALUES (@node, @ns, @seq, @head, @json, @at)
            ON CONFLICT (node_id, seq) DO NOTHING
            """, c => c.With("node", checkpoint.NodeId).With("ns", checkpoint.Namespace).With("seq", checkpoint.Seq)
                .With("head", checkpoint.Head).With("json", checkpoint.Json).With("at", PostgresValues.ToDb(checkpoint.ReceivedAt)),
            cancellationToken) == 1;
    }

    public Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = @node ORDER BY seq DESC LIMIT 1")
                .With("node", nodeId);
            return (await command.ReadAllAsync(CheckpointRows.Read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string nodeId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<StoredCheckpoint>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {CheckpointRows.Columns} FROM checkpoints WHERE node_id = @node ORDER BY received_at DESC, seq DESC LIMIT @limit")
                .With("node", nodeId).With("limit", limit);
            return await command.ReadAllAsync(CheckpointRows.Read, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredCheckpoint>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT DISTINCT ON (node_id) {CheckpointRows.Columns} FROM checkpoints WHERE namespace = @ns
                ORDER BY node_id, seq DESC
                """).With("ns", ns);
            return await command.ReadAllAsync(CheckpointRows.Read, cancellationToken);
        }, cancellationToken);
}
