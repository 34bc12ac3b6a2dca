namespace Sigilum.Core.Witness;

/// <summary>Audit checkpoints witnessed per node.</summary>
public interface ICheckpointStore
{
    /// <summary>Stores a checkpoint; false when the node already has one at that sequence number.</summary>
    Task<bool> AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken = default);

    Task<StoredCheckpoint?> LatestAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>The latest checkpoint of each node in a namespace.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> LatestPerNodeAsync(string ns, CancellationToken cancellationToken = default);
}
