namespace Sigilum.Core.Witness;

/// <summary>Audit checkpoints witnessed per node.</summary>
public interface ICheckpointStore
{
    /// <summary>Stores a checkpoint; false when the node already has one at that sequence number.</summary>
    Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default);

    Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The node's checkpoints in the order the witness received them, newest first (ties: higher seq first), at
    /// most <paramref name="limit"/>; for re-verifying what was witnessed.
    /// </summary>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string nodeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>The latest checkpoint of each node in a namespace.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default);
}
