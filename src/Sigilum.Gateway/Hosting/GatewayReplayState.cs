using Sigilum.Core.Replay;
using Sigilum.Core.Storage;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Chooses the gateway's replay state (docs/decisions/0026): <c>memory</c>, the in-memory set behind a start epoch
/// in <c>&lt;data&gt;/replay.epoch</c>; <c>shared</c>, the store's insert-if-absent, as several gateways need
/// (reliability RPL-09). The control plane chooses its own the same way (<see cref="ReplayGuards"/>, ADR 0058).
/// </summary>
internal static class GatewayReplayState
{
    public static Task<IReplayGuard> CreateAsync(GatewayOptions options, ISigilumStore store, TimeProvider time, CancellationToken cancellationToken) =>
        ReplayGuards.StartAsync(options.EffectiveReplayState, store.Nonces, options.ReplayEpochPath, options.ReplayCapacity,
            TimeSpan.FromSeconds(options.FutureSkewSeconds), time, cancellationToken);
}
