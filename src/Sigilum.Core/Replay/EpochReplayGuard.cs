using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// Single-instance mode (docs/decisions/0026): replay state in memory, no fsync per request, and nothing
/// replayable survives a restart.
/// <list type="bullet">
/// <item>created &lt; epoch cutoff → <see cref="NonceRecordResult.Replayed"/>: the previous process may have
/// accepted it, and its memory is gone (reliability RPL-08, JWT-12).</item>
/// <item>created ≥ cutoff + future skew and not in the future → the in-memory set only.</item>
/// <item>Otherwise (the first <c>futureSkew</c> after the cutoff, or a signature dated in the future) → the
/// in-memory set and then the durable store: the previous process accepted signatures dated up to its
/// clock + skew, which can fall just after this epoch; it recorded exactly those durably, so they are
/// found here. Rare by construction (a few seconds after start, a client clock running ahead).</item>
/// </list>
/// </summary>
public sealed class EpochReplayGuard(InMemoryReplaySet memory, INonceStore durable, ReplayEpoch epoch, TimeSpan futureSkew) : IReplayGuard
{
    private static readonly Task<NonceRecordResult> ReplayedTask = Task.FromResult(NonceRecordResult.Replayed);

    public ReplayEpoch Epoch => epoch;

    public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset created, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(epoch);
        if (created < epoch.Cutoff)
        {
            return ReplayedTask;
        }
        var inMemory = memory.TryRecord(scope, nonce, expiresAt, now);
        if (inMemory != NonceRecordResult.Recorded || (created >= epoch.Cutoff + futureSkew && created <= now))
        {
            return inMemory switch
            {
                NonceRecordResult.Recorded => Task.FromResult(NonceRecordResult.Recorded),
                NonceRecordResult.Replayed => ReplayedTask,
                _ => Task.FromResult(NonceRecordResult.Full),
            };
        }
        // The start window or a future-dated signature: also durable (see the type's remarks). The memory entry
        // stays even if the store then fails or refuses: a nonce once presented is never accepted later.
        return durable.TryRecordAsync(scope, nonce, expiresAt, now, cancellationToken);
    }
}
