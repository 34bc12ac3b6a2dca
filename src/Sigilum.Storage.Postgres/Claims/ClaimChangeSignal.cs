using Sigilum.Core.Claims;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>
/// The provider-neutral part of <see cref="IClaimChangeSignal"/>: waiters, timeouts, cancellation, and
/// one background loop that runs the provider's <c>serve</c> function while anyone waits and sleeps,
/// holding nothing, while nobody does. <c>serve</c> must advance the waiters whenever it learns of a
/// newer head and return once <see cref="ChangeFeedWaiters.Count"/> is zero; when it throws (database
/// unreachable) it is retried after <paramref name="retryDelay"/> and waiters time out meanwhile.
/// This file is identical in both providers (Storage.* may not reference each other).
/// </summary>
internal sealed class ClaimChangeSignal(
    Func<ChangeFeedWaiters, CancellationToken, Task> serve, TimeSpan retryDelay, TimeProvider time)
    : IClaimChangeSignal, IAsyncDisposable
{
    private readonly ChangeFeedWaiters _waiters = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly object _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _idle;
    private Task? _loop;
    private bool _serving;
    private bool _disposed;

    /// <summary>For tests: callers currently waiting.</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>For tests: completes when the loop holds no connection and does no work.</summary>
    internal Task WhenIdle
    {
        get
        {
            lock (_gate)
            {
                return _serving ? (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            }
        }
    }

    /// <summary>Called after this store commits a change with sequence number <paramref name="seq"/>: wakes local waiters at once.</summary>
    public void Notify(long seq) => _waiters.Advance(seq);

    public async Task<bool> WaitAsync(long afterSeq, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = _waiters.Add(afterSeq);
        if (waiter is null)
        {
            return true;
        }
        try
        {
            WakeLoop();
            return await waiter.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _waiters.Remove(waiter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            loop = _loop;
        }
        await _disposing.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
        _waiters.FailAll(new ObjectDisposedException(nameof(IClaimChangeSignal)));
        _disposing.Dispose();
    }

    private void WakeLoop()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_disposing.Token));
            _wake.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Task wake;
                lock (_gate)
                {
                    // A waiter added after this check signals the fresh completion source, so none is missed.
                    if (_waiters.Count == 0)
                    {
                        _serving = false;
                        _idle?.TrySetResult();
                        _idle = null;
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    else
                    {
                        _serving = true;
                    }
                    wake = _wake.Task;
                }
                await wake.WaitAsync(cancellationToken);
                lock (_gate)
                {
                    _serving = true;
                }
                try
                {
                    await serve(_waiters, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Database unreachable, connection dropped, a driver timeout: waiters time out meanwhile
                    // and their callers fall back to their own reads; the loop must survive to serve again.
                    await Task.Delay(retryDelay, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _serving = false;
                _idle?.TrySetResult();
            }
        }
    }
}
