using Microsoft.Data.Sqlite;
using Sigilum.Core.Claims;

namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>
/// Wakes feed readers: at once for this store's own commits (<see cref="Notify"/>), and within one poll
/// interval for commits by other processes sharing the file, which SQLite cannot announce. The poll
/// runs only while someone waits, so an idle store has no background work.
/// </summary>
internal sealed class SqliteClaimChangeSignal(Func<CancellationToken, Task<long>> readLatest, TimeSpan pollInterval, TimeProvider time)
    : IClaimChangeSignal, IAsyncDisposable
{
    private readonly ChangeFeedWaiters _waiters = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly object _pollGate = new();
    private bool _polling;
    private Task _pollLoop = Task.CompletedTask;
    private bool _disposed;

    /// <summary>For tests: callers currently waiting.</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>For tests: the poll loop, completed when nobody waits.</summary>
    internal Task PollLoop
    {
        get
        {
            lock (_pollGate)
            {
                return _pollLoop;
            }
        }
    }

    /// <summary>Called after this store commits a change with sequence number <paramref name="seq"/>.</summary>
    public void Notify(long seq) => _waiters.Advance(seq);

    public async Task<bool> WaitAsync(long afterSeq, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var waiter = _waiters.Add(afterSeq);
        if (waiter is null)
        {
            return true;
        }
        try
        {
            EnsurePolling();
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
        Task loop;
        lock (_pollGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            loop = _pollLoop;
        }
        await _disposing.CancelAsync();
        await loop;
        _waiters.FailAll(new ObjectDisposedException(nameof(SqliteClaimChangeSignal)));
        _disposing.Dispose();
    }

    private void EnsurePolling()
    {
        lock (_pollGate)
        {
            if (_polling || _disposed)
            {
                return;
            }
            _polling = true;
            _pollLoop = Task.Run(() => PollAsync(_disposing.Token));
        }
    }

    /// <summary>Reads the head at once (a waiter may be behind already), then every interval while anyone waits.</summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _waiters.Advance(await readLatest(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SqliteException)
            {
                // Busy or unreadable for now: waiters time out and their callers fall back to reading the feed.
            }
            lock (_pollGate)
            {
                if (_waiters.Count == 0 || cancellationToken.IsCancellationRequested)
                {
                    _polling = false;
                    return;
                }
            }
            try
            {
                await Task.Delay(pollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (_pollGate)
        {
            _polling = false;
        }
    }
}
