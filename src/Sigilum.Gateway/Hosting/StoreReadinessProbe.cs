using Sigilum.Core.Storage;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Hosting;

/// <summary>Ready only while the store (replay state, connections) answers a round trip.</summary>
internal sealed class StoreReadinessProbe(ISigilumStore store) : IReadinessProbe
{
    public string Name => "store";

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            return await store.PingAsync(ct);
        }
#pragma warning disable CA1031 // Any failure to reach the store means not ready; the probe reports, it does not throw.
        catch (Exception) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
