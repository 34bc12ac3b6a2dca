using Sigilum.Gateway.Approvals;

namespace Sigilum.Gateway.Hold;

/// <summary>
/// One held request's place in <see cref="HeldRequests"/>: a signal completed whenever its key's approvals change (or its
/// timeout or abort fires), awaited without a thread. <see cref="Dispose"/> gives the slot back, on every path.
/// </summary>
internal sealed class HoldSlot : IDisposable
{
    private readonly HeldRequests _owner;
    private TaskCompletionSource _signal = NewSignal();
    private volatile bool _rejected;
    private int _disposed;

    public HoldSlot(HeldRequests owner, ApprovalKey key)
    {
        _owner = owner;
        Key = key;
    }

    public ApprovalKey Key { get; }

    /// <summary>Whether the owner rejected a claim of <see cref="Key"/> while this request was held.</summary>
    public bool Rejected => _rejected;

    /// <summary>
    /// The signal to await next. Read it before looking at the approvals: a change published after that look completes
    /// this very task, so no wake-up is lost between the look and the await.
    /// </summary>
    public Task Signal => Volatile.Read(ref _signal).Task;

    /// <summary>Completes the current signal (and arms a fresh one); called by the approvals stream, a timer or an abort.</summary>
    public void Wake(bool rejected)
    {
        if (rejected)
        {
            _rejected = true;
        }
        Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Leave(this);
        }
    }

    // Continuations run on the pool, never inline on the approvals stream's loop that completes the signal.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
