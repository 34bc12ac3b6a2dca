namespace Sigilum.Core.Claims;

/// <summary>
/// Wakes a reader of the claim change feed when it moves, so the push stream to data planes sends a
/// revocation as soon as it commits instead of on the next poll. A signal is a hint: after it fires,
/// the reader still reads the feed (<see cref="IClaimStore.ReadChangesAsync"/>) from its own cursor.
/// </summary>
public interface IClaimChangeSignal
{
    /// <summary>
    /// Completes with true as soon as the feed's newest sequence number is greater than
    /// <paramref name="afterSeq"/> (at once if it already is), or with false when
    /// <paramref name="timeout"/> passes first. Changes made by other processes on the same database are
    /// seen too, within the provider's poll interval at worst. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<bool> WaitAsync(long afterSeq, TimeSpan timeout, CancellationToken cancellationToken = default);
}
