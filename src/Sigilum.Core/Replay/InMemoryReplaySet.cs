using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// A bounded set of ⟨scope, nonce⟩ held until each entry's expiry (docs/decisions/0026). Insert-if-absent is
/// one <see cref="ConcurrentDictionary{TKey,TValue}.TryAdd"/>, so of many parallel copies exactly one is
/// <see cref="NonceRecordResult.Recorded"/> (reliability RPL-10) and no lock is taken on the hot path. When
/// the set holds <c>capacity</c> live entries it answers <see cref="NonceRecordResult.Full"/>: an unexpired
/// entry is never evicted, which would re-open a replay window (RPL-12). Expired entries are swept at most
/// once per sweep interval (wall time from the caller's <c>now</c>, i.e. the injected TimeProvider) and
/// always before answering Full. Entries are keyed by the first 128 bits of SHA-256(scope, NUL, nonce), not by
/// the strings: ~75-83 managed bytes an entry instead of ~170 (docs/perf/replay.md), times every request of the
/// lifetime window the caller passes (the gateway: the signature window, 306 s by default). A
/// collision could only make a fresh nonce look used (a refusal, never an acceptance), and finding one for a
/// given nonce is a 2^128 second-preimage search.
/// </summary>
public sealed class InMemoryReplaySet : INonceStore
{
    private static readonly Task<NonceRecordResult> RecordedTask = Task.FromResult(NonceRecordResult.Recorded);
    private static readonly Task<NonceRecordResult> ReplayedTask = Task.FromResult(NonceRecordResult.Replayed);
    private static readonly Task<NonceRecordResult> FullTask = Task.FromResult(NonceRecordResult.Full);

    private const int StackLimit = 512;
    private readonly ConcurrentDictionary<UInt128, long> _entries = new();
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
        var key = Key(scope, nonce);
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

    /// <summary>
    /// SHA-256 over scope, NUL, nonce (UTF-8), cut to 128 bits. A NUL cannot appear in a scope (namespace, issuer)
    /// or a validated nonce, so the input is unambiguous.
    /// </summary>
    private static UInt128 Key(string scope, string nonce)
    {
        var length = Encoding.UTF8.GetMaxByteCount(scope.Length + 1 + nonce.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(scope, buffer);
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(nonce, buffer[written..]);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], digest);
            return MemoryMarshal.Read<UInt128>(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

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
