using Sigilum.Core.Replay;
using Sigilum.Core.Storage;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Chooses the gateway's replay state (docs/decisions/0026). <c>memory</c>: the epoch is taken from the
/// TimeProvider and fsynced before the gateway listens, and the start waits until the epoch's whole-second
/// cutoff (under a second) so no fresh request is refused for sharing the start's second. <c>shared</c>:
/// the store's insert-if-absent, as several gateways need (reliability RPL-09).
/// </summary>
internal static class GatewayReplayState
{
    public static async Task<IReplayGuard> CreateAsync(GatewayOptions options, ISigilumStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.EffectiveReplayState == "shared")
        {
            return new SharedReplayGuard(store.Nonces);
        }
        var epoch = ReplayEpoch.Establish(options.ReplayEpochPath, time);
        await epoch.WaitForCutoffAsync(time, cancellationToken);
        // The sweep interval bounds how long expired entries occupy memory; a full set sweeps at once anyway.
        var memory = new InMemoryReplaySet(options.ReplayCapacity, TimeSpan.FromSeconds(30));
        return new EpochReplayGuard(memory, store.Nonces, epoch, TimeSpan.FromSeconds(options.FutureSkewSeconds));
    }
}
