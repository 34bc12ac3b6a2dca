using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// Multi-instance mode (docs/decisions/0026): every nonce goes through the shared store's atomic
/// insert-if-absent, so exactly one of several instances accepts it (reliability RPL-09). No epoch is
/// needed: the store outlives every instance.
/// </summary>
public sealed class SharedReplayGuard(INonceStore store) : IReplayGuard
{
    public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset created, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.TryRecordAsync(scope, nonce, expiresAt, now, cancellationToken);
}
