using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// Starts the replay state of a process that verifies signatures (docs/decisions/0026, 0058): the gateway and the
/// control plane choose it the same way, so both go through here. <c>shared</c>: the store's insert-if-absent for
/// every nonce, as several instances over one store need (reliability RPL-09). Otherwise: the epoch is taken from the
/// TimeProvider and fsynced before the caller listens, the start waits until the epoch's whole-second cutoff (under a
/// second) so no fresh request is refused for sharing the start's second, and nonces live in a bounded in-memory set.
/// </summary>
public static class ReplayGuards
{
    /// <summary>The in-memory set behind a start epoch (single instance).</summary>
    public const string Memory = "memory";

    /// <summary>The store's insert-if-absent for every nonce (several instances over one store).</summary>
    public const string Shared = "shared";

    /// <summary>How often expired entries are swept: bounds how long they occupy memory; a full set sweeps at once anyway.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    public static async Task<IReplayGuard> StartAsync(string state, INonceStore store, string? epochPath, long capacity, TimeSpan futureSkew, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (state == Shared)
        {
            return new SharedReplayGuard(store);
        }
        if (state != Memory)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "The replay state is memory or shared.");
        }
        ArgumentException.ThrowIfNullOrEmpty(epochPath);
        var epoch = ReplayEpoch.Establish(epochPath, time);
        await epoch.WaitForCutoffAsync(time, cancellationToken).ConfigureAwait(false);
        return new EpochReplayGuard(new InMemoryReplaySet(capacity, SweepInterval), store, epoch, futureSkew);
    }
}
