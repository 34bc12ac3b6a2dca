using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// The replay decision a data plane asks once per authentic request (docs/decisions/0026): has this
/// ⟨scope, nonce⟩ been accepted within its lifetime, and could it have been accepted before this process
/// started? <c>created</c> is the signature's <c>created</c> (attestation: <c>iat</c>).
/// A store that cannot be written throws; callers deny with 503 (reliability RPL-13).
/// </summary>
public interface IReplayGuard
{
    Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset created, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);
}
