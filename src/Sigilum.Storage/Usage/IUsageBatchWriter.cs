using Sigilum.Core.Usage;

namespace Sigilum.Storage.Usage;

/// <summary>
/// Inserts a batch of usage events in one transaction, skipping ids already stored (or repeated in the batch). The
/// hot write of the control plane (ADR 0029), so each engine drives it its own fastest way: SQLite one prepared
/// statement rebound per event through its native API, PostgreSQL one statement over arrays.
/// </summary>
internal interface IUsageBatchWriter
{
    /// <summary>Returns how many events were new.</summary>
    Task<int> InsertAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken);
}
