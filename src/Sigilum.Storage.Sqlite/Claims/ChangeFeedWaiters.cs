namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>
/// Callers waiting for the change feed's head to pass a sequence number. Each waiter has its own
/// completion source and is removed when it finishes, however it finishes, so nothing accumulates
/// while the feed stays quiet.
/// </summary>
internal sealed class ChangeFeedWaiters
{
    /// <summary>
    /// How often a serving loop checks whether anyone still waits, whatever its poll interval, so a
    /// connection or timer is released at most this long after the last waiter leaves.
    /// </summary>
    public static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly List<(long AfterSeq, TaskCompletionSource<bool> Completion)> _waiters = [];
    private long _latest;

    /// <summary>The highest sequence number seen so far.</summary>
    public long Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Records that the head reached <paramref name="seq"/> and releases every waiter it satisfies.</summary>
    public void Advance(long seq)
    {
        List<TaskCompletionSource<bool>>? ready = null;
        lock (_gate)
        {
            if (seq <= _latest)
            {
                return;
            }
            _latest = seq;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (seq > _waiters[i].AfterSeq)
                {
                    (ready ??= []).Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }
        // Completed outside the lock; continuations run asynchronously anyway.
        ready?.ForEach(c => c.TrySetResult(true));
    }

    /// <summary>Adds a waiter, or returns null when the head is already past <paramref name="afterSeq"/>.</summary>
    public TaskCompletionSource<bool>? Add(long afterSeq)
    {
        lock (_gate)
        {
            if (_latest > afterSeq)
            {
                return null;
            }
            var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((afterSeq, completion));
            return completion;
        }
    }

    public void Remove(TaskCompletionSource<bool> completion)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(w => ReferenceEquals(w.Completion, completion));
        }
    }

    /// <summary>Fails every waiter (store disposed).</summary>
    public void FailAll(Exception error)
    {
        List<TaskCompletionSource<bool>> all;
        lock (_gate)
        {
            all = _waiters.ConvertAll(w => w.Completion);
            _waiters.Clear();
        }
        all.ForEach(c => c.TrySetException(error));
    }
}
