namespace Sigilum.Core.Generations;

/// <summary>
/// The database's monotonic generation (reliability STO-15, docs/decisions/0023): raised by each data-plane node
/// when it starts and stops, and written into that node's audit chain each time. A database restored from an
/// older backup carries an older generation than the audit log remembers, which the node then refuses.
/// </summary>
public interface IStoreGenerationStore
{
    /// <summary>The current generation; 0 for a database that was never advanced.</summary>
    Task<long> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Durably sets the generation to <c>max(current + 1, atLeast)</c> in one statement (atomic across instances
    /// sharing the database) and returns the new value.
    /// </summary>
    Task<long> AdvanceAsync(long atLeast, CancellationToken cancellationToken = default);
}
