namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// One open <c>GET /v1/stream</c> connection as <see cref="StreamSubscribers"/> tracks it: which node holds it, the
/// challenge that names it (ADR 0024), the newest event id sent on it and the newest one the node acknowledged having
/// applied (ADR 0027). Thread-safe: the stream loop, acknowledgements and waiting revocations touch it concurrently.
/// </summary>
internal sealed class StreamSubscription(StreamSubscribers owner, string ns, string nodeId, string nodeName, string nodeKey, string challenge) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(long Seq, TaskCompletionSource<bool> Done)> _waiters = [];
    private long _sent = -1;
    private long _applied = -1;
    private bool _closed;

    public string Namespace => ns;
    public string NodeId => nodeId;
    public string NodeName => nodeName;
    public string NodeKey => nodeKey;

    /// <summary>The connection's challenge; empty for a data plane from before ADR 0024, which cannot acknowledge.</summary>
    public string Challenge => challenge;

    /// <summary>Whether the node can confirm what it applied (only a stream bound to a challenge can be named in an acknowledgement).</summary>
    public bool CanAcknowledge => Challenge.Length > 0;

    /// <summary>Records that the event with id <paramref name="seq"/> (a change or a snapshot position) was written to the connection.</summary>
    public void Sent(long seq)
    {
        lock (_lock)
        {
            _sent = Math.Max(_sent, seq);
        }
    }

    /// <summary>
    /// The node says it applied everything up to <paramref name="seq"/>. False when that position was never sent on this
    /// connection (a node cannot confirm what it was not told); otherwise waiters up to it are released.
    /// </summary>
    public bool Acknowledge(long seq)
    {
        List<TaskCompletionSource<bool>> done = [];
        lock (_lock)
        {
            if (seq > _sent)
            {
                return false;
            }
            _applied = Math.Max(_applied, seq);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Seq <= _applied)
                {
                    done.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var waiter in done)
        {
            waiter.TrySetResult(true);
        }
        return true;
    }

    /// <summary>
    /// Completes with true once the node acknowledged <paramref name="seq"/>, with false when the connection closes or
    /// <paramref name="cancellationToken"/> fires first (the waiter is then removed, so a silent node holds nothing).
    /// </summary>
    public Task<bool> WhenAppliedAsync(long seq, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_applied >= seq)
            {
                return Task.FromResult(true);
            }
            if (_closed || !CanAcknowledge)
            {
                return Task.FromResult(false);
            }
            _waiters.Add((seq, done));
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_lock)
                {
                    _waiters.RemoveAll(w => w.Done == done);
                }
                done.TrySetResult(false);
            });
            _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return done.Task;
    }

    /// <summary>Detaches the connection: it no longer counts as a subscriber, and whoever waits on it is told it did not confirm.</summary>
    public void Dispose()
    {
        List<TaskCompletionSource<bool>> pending;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            pending = [.. _waiters.Select(w => w.Done)];
            _waiters.Clear();
        }
        owner.Detach(this);
        foreach (var waiter in pending)
        {
            waiter.TrySetResult(false);
        }
    }
}
