using Npgsql;
using Sigilum.Core.Witness;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Witness;

/// <summary>Witnessed audit checkpoints, kept verbatim.</summary>
internal sealed class PostgresCheckpointStore(PostgresDatabase database) : ICheckpointStore
{
    private const string Columns = "node_id, namespace, seq, head, json, received_at";

    public async Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return await database.ExecuteAsync($"""
            INSERT INTO checkpoints({Columns}) VALUES (@node, @ns, @seq, @head, @json, @at)
            ON CONFLICT (node_id, seq) DO NOTHING
            """, c => c.With("node", checkpoint.NodeId).With("ns", checkpoint.Namespace).With("seq", checkpoint.Seq)
                .With("head", checkpoint.Head).With("json", checkpoint.Json).With("at", PostgresValues.ToDb(checkpoint.ReceivedAt)),
            cancellationToken) == 1;
    }

    public Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM checkpoints WHERE node_id = @node ORDER BY seq DESC LIMIT 1")
                .With("node", nodeId);
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredCheckpoint>>(async connection =>
        {
            await using var command = connection.Sql($"""
                SELECT DISTINCT ON (node_id) {Columns} FROM checkpoints WHERE namespace = @ns
                ORDER BY node_id, seq DESC
                """).With("ns", ns);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    private static async Task<List<StoredCheckpoint>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<StoredCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new StoredCheckpoint
            {
                NodeId = reader.GetString(0),
                Namespace = reader.GetString(1),
                Seq = reader.GetInt64(2),
                Head = reader.GetString(3),
                Json = reader.GetString(4),
                ReceivedAt = reader.Time(5),
            });
        }
        return checkpoints;
    }
}
