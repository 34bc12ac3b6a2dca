namespace Sigilum.Vault.Release;

/// <summary>
/// Keeps upstream connections open between requests (docs/decisions/0030): a request rents one for its
/// <see cref="UpstreamKey"/> (the most recently returned first), or the connector opens a new one to the
/// checked address. Idle connections are bounded per key and in total, dropped after the idle timeout
/// (checked on rent and by a scavenger on the injected clock) and checked for a close by the peer
/// before they are lent again.
/// </summary>
internal sealed class UpstreamPool : IAsyncDisposable
{
    private readonly UpstreamConnector _connector;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxIdlePerKey;
    private readonly int _maxIdle;
    private readonly Lock _gate = new();
    private readonly Dictionary<UpstreamKey, Stack<UpstreamConnection>> _idle = [];
    private readonly ITimer? _scavenger;
    private int _idleCount;
    private bool _disposed;

    public UpstreamPool(UpstreamConnector connector, TimeProvider time, TimeSpan idleTimeout, int maxIdlePerKey, int maxIdle)
    {
        ArgumentNullException.ThrowIfNull(time);
        _connector = connector;
        _time = time;
        _idleTimeout = idleTimeout;
        _maxIdlePerKey = maxIdlePerKey;
        _maxIdle = maxIdle;
        if (idleTimeout > TimeSpan.Zero && maxIdle > 0)
        {
            _scavenger = time.CreateTimer(_ => Scavenge(), null, idleTimeout, idleTimeout);
        }
    }

    /// <summary>Idle connections held right now (all keys).</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idleCount;
            }
        }
    }

    /// <summary>An idle connection for <paramref name="key"/> that is still usable, else a new one (throws what the connector throws).</summary>
    public async Task<UpstreamConnection> RentAsync(UpstreamKey key, bool fresh, CancellationToken cancellationToken)
    {
        while (!fresh && TakeIdle(key) is { } idle)
        {
            if (idle.IsUsable(_time.GetUtcNow(), _idleTimeout))
            {
                idle.MarkReused();
                return idle;
            }
            await idle.DisposeAsync();
        }
        return await _connector.ConnectAsync(key, cancellationToken);
    }

    /// <summary>Gives a connection back after a complete exchange; closed instead when the pool is full or stopped.</summary>
    public async ValueTask ReturnAsync(UpstreamConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (!_disposed && _idleCount < _maxIdle && _maxIdlePerKey > 0)
            {
                if (!_idle.TryGetValue(connection.Key, out var stack))
                {
                    stack = new Stack<UpstreamConnection>();
                    _idle[connection.Key] = stack;
                }
                if (stack.Count < _maxIdlePerKey)
                {
                    connection.MarkIdle(_time.GetUtcNow());
                    stack.Push(connection);
                    _idleCount++;
                    return;
                }
            }
        }
        await connection.DisposeAsync();
    }

    private UpstreamConnection? TakeIdle(UpstreamKey key)
    {
        lock (_gate)
        {
            if (!_idle.TryGetValue(key, out var stack) || !stack.TryPop(out var connection))
            {
                return null;
            }
            _idleCount--;
            if (stack.Count == 0)
            {
                _idle.Remove(key);
            }
            return connection;
        }
    }

    /// <summary>Closes the connections idle for the timeout or longer (and any the peer closed meanwhile).</summary>
    private void Scavenge()
    {
        var now = _time.GetUtcNow();
        var stale = new List<UpstreamConnection>();
        lock (_gate)
        {
            foreach (var (key, stack) in _idle.ToList())
            {
                var kept = stack.Where(c => c.IsUsable(now, _idleTimeout)).Reverse().ToList();
                stale.AddRange(stack.Where(c => !kept.Contains(c)));
                _idleCount -= stack.Count - kept.Count;
                if (kept.Count == 0)
                {
                    _idle.Remove(key);
                }
                else
                {
                    _idle[key] = new Stack<UpstreamConnection>(kept);
                }
            }
        }
        foreach (var connection in stale)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<UpstreamConnection> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
            _idleCount = 0;
        }
        if (_scavenger is not null)
        {
            await _scavenger.DisposeAsync();
        }
        foreach (var connection in all)
        {
            await connection.DisposeAsync();
        }
    }
}
