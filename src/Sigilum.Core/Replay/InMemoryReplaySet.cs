using System.Collections.Concurrent;
using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// A bounded set of ⟨scope, nonce⟩ held until each entry's expiry (docs/decisions/0026). Insert-if-absent is
/// one <see cref="ConcurrentDictionary{TKey,TValue}.TryAdd"/>, so of many parallel copies exactly one is
/// <see cref="NonceRecordResult.Recorded"/> (reliability RPL-10) and no lock is taken on the hot path. When
/// the set holds <c>capacity</c> live entries it answers <see cref="NonceRecordResult.Full"/>: an unexpired
/// entry is never evicted, which would re-open a replay window (RPL-12). Expired entries are swept at most
/// once per sweep interval (wall time from the caller's <c>now</c>, i.e. the injected TimeProvider) and
/// always before answering Full.
/// </summary>
public sealed class InMemoryReplaySet : INonceStore
{
    private static readonly Task<NonceRecordResult> RecordedTask = Task.FromResult(NonceRecordResult.Recorded);
    private static readonly Task<NonceRecordResult> ReplayedTask = Task.FromResult(NonceRecordResult.Replayed);
    private static readonly Task<NonceRecordResult> FullTask = Task.FromResult(NonceRecordResult.Full);

    private readonly ConcurrentDictionary<string, long> _entries = new(StringComparer.Ordinal);
    private readonly long _capacity;
    private readonly long _sweepIntervalTicks;
    private long _count;
    private long _nextSweepTicks;
    private int _sweeping;

    public InMemoryReplaySet(long capacity, TimeSpan sweepInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sweepInterval, TimeSpan.Zero);
        _capacity = capacity;
        _sweepIntervalTicks = sweepInterval.Ticks;
    }

    /// <summary>Live entries held now (expired ones count until a sweep removes them).</summary>
    public long Count => Interlocked.Read(ref _count);

    public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        TryRecord(scope, nonce, expiresAt, now) switch
        {
            NonceRecordResult.Recorded => RecordedTask,
            NonceRecordResult.Replayed => ReplayedTask,
            _ => FullTask,
        };

    /// <summary>The synchronous form: nothing here waits.</summary>
    public NonceRecordResult TryRecord(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(nonce);
        var nowTicks = now.UtcTicks;
        if (nowTicks >= Interlocked.Read(ref _nextSweepTicks))
        {
            Sweep(nowTicks);
        }
        // A NUL cannot appear in a scope (namespace, issuer) or a validated nonce, so the key is unambiguous.
        var key = string.Concat(scope, "\0", nonce);
        if (_entries.TryGetValue(key, out var existing))
        {
            if (existing > nowTicks)
            {
                return NonceRecordResult.Replayed;
            }
            // Expired but not yet swept: the nonce may be used again, as the durable stores allow (and the
            // signature window refuses anything that old anyway). Exactly one racer wins the update.
            return _entries.TryUpdate(key, expiresAt.UtcTicks, existing) ? NonceRecordResult.Recorded : NonceRecordResult.Replayed;
        }
        if (!Reserve(nowTicks))
        {
            return NonceRecordResult.Full;
        }
        if (_entries.TryAdd(key, expiresAt.UtcTicks))
        {
            return NonceRecordResult.Recorded;
        }
        Interlocked.Decrement(ref _count);
        return NonceRecordResult.Replayed;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult(Sweep(now.UtcTicks, force: true));

    private bool Reserve(long nowTicks)
    {
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            return true;
        }
        Interlocked.Decrement(ref _count);
        // Before refusing, free what has expired (a flood may have passed); then try once more.
        Sweep(nowTicks, force: true);
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            return true;
        }
        Interlocked.Decrement(ref _count);
        return false;
    }

    private int Sweep(long nowTicks, bool force = false)
    {
        // One sweeper at a time; the others carry on instead of queueing behind it. A forced sweep (the
        // set is full) waits for nobody either: if another thread is sweeping, its result is as good.
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return 0;
        }
        try
        {
            if (!force && nowTicks < Interlocked.Read(ref _nextSweepTicks))
            {
                return 0;
            }
            Interlocked.Exchange(ref _nextSweepTicks, nowTicks + _sweepIntervalTicks);
            var removed = 0;
            foreach (var entry in _entries)
            {
                // Remove only the exact expired pair: an entry re-recorded meanwhile carries a new expiry and stays.
                if (entry.Value <= nowTicks && _entries.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _count);
                    removed++;
                }
            }
            return removed;
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
