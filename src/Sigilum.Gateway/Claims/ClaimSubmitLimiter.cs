namespace Sigilum.Gateway.Claims;

/// <summary>
/// Caps auto-claim filings per <c>lower(connection)|lower(namespace)</c> in fixed one-minute windows
/// aligned to the wall clock (spec §3.6 step 1), so an unapproved agent retrying in a loop cannot flood
/// the owner's pending list or the control plane. Over the limit the caller answers 429
/// <c>AUTH_CLAIM_SUBMIT_RATE_LIMITED</c>.
/// </summary>
/// <remarks>
/// Memory is bounded: only the current window's counters are kept (a new window drops the old table),
/// and at most <see cref="MaxKeys"/> keys are tracked per window; beyond that, new keys are refused for
/// the rest of the minute (fail closed: an attacker minting namespaces cannot grow the table).
/// </remarks>
internal sealed class ClaimSubmitLimiter
{
    /// <summary>Most distinct connection|namespace keys counted in one window.</summary>
    public const int MaxKeys = 10_000;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _perMinute;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _windowStartTicks = long.MinValue;

    /// <param name="perMinute">Filings allowed per key and minute; 0 turns the limit off.</param>
    /// <param name="time">The wall clock the windows are aligned to.</param>
    public ClaimSubmitLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perMinute);
        ArgumentNullException.ThrowIfNull(time);
        _perMinute = perMinute;
        _time = time;
    }

    /// <summary>The number of keys counted in the current window (for tests and metrics).</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>True when one more filing for this connection and namespace fits in the current minute.</summary>
    public bool TryAcquire(string connection, string ns)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ns);
        if (_perMinute == 0)
        {
            return true;
        }
        var now = _time.GetUtcNow().UtcTicks;
        var windowStart = now - (now % Window.Ticks);
        var key = connection.ToLowerInvariant() + "|" + ns.ToLowerInvariant();
        lock (_gate)
        {
            if (windowStart != _windowStartTicks)
            {
                // A new minute: every earlier count is void, so the whole table goes.
                _windowStartTicks = windowStart;
                _counts = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            _counts.TryGetValue(key, out var used);
            if (used >= _perMinute || (used == 0 && _counts.Count >= MaxKeys))
            {
                return false;
            }
            _counts[key] = used + 1;
            return true;
        }
    }
}
