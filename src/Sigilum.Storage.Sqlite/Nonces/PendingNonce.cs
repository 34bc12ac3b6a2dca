using Sigilum.Core.Nonces;

namespace Sigilum.Storage.Sqlite.Nonces;

/// <summary>One nonce waiting for the next group commit, and where its answer goes.</summary>
internal sealed record PendingNonce(string Scope, string Nonce, long ExpiresMs, long NowMs)
{
    public TaskCompletionSource<NonceRecordResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
