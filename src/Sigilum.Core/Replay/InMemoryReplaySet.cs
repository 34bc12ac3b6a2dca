using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Nonces;

namespace Sigilum.Core.Replay;

/// <summary>
/// A bounded set of ⟨scope, nonce⟩ held until each entry's expiry (docs/decisions/0026, 0032). Insert-if-absent is
/// atomic under the lock of one of 256 shards, so of many parallel copies exactly one is
/// <see cref="NonceRecordResult.Recorded"/> (reliability RPL-10); different nonces rarely meet on a lock. When the set
/// holds <c>capacity</c> live entries it answers <see cref="NonceRecordResult.Full"/>: an unexpired entry is never
/// evicted, which would re-open a replay window (RPL-12). Expired entries are swept at most once per sweep interval
/// (wall time from the caller's <c>now</c>, i.e. the injected TimeProvider) and always before answering Full.
/// Entries are keyed by the first 128 bits of SHA-256(scope, NUL, nonce), not by the strings, and stored as
/// fixed 24-byte slots in each shard's open-addressing table (<see cref="ReplayShard"/>): no object per entry, about
/// 32-64 bytes an entry with the table's slack instead of ~75-83 as dictionary nodes (docs/perf/gateway-memory.md),
/// times every request of the lifetime window the caller passes (the gateway: the signature window, 306 s by
/// default). A collision could only make a fresh nonce look used (a refusal, never an acceptance), and finding one
/// for a given nonce is a 2^128 second-preimage search.
/// </summary>
public sealed class InMemoryReplaySet : INonceStore
{
    private static readonly Task<NonceRecordResult> RecordedTask = Task.FromResult(NonceRecordResult.Recorded);
    private static readonly Task<NonceRecordResult> ReplayedTask = Task.FromResult(NonceRecordResult.Replayed);
    private static readonly Task<NonceRecordResult> FullTask = Task.FromResult(NonceRecordResult.Full);

    /// <summary>log2 of the shard count: enough that two cores rarely wait on one lock, few enough that an idle set is small (~100 KB).</summary>
    private const int ShardBits = 8;
    private const int StackLimit = 512;
    private readonly ReplayShard[] _shards = new ReplayShard[1 << ShardBits];
    private readonly Func<bool> _reserve;
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
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new ReplayShard();
        }
        // One delegate for the set's life: the hot path allocates nothing.
        _reserve = Reserve;
    }

    /// <summary>Live entries held now (expired ones count until a sweep removes them).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Slots allocated over all shards (each 24 bytes): what the set's memory is, for tests and the memory benchmark.</summary>
    public long SlotCount
    {
        get
        {
            long slots = 0;
            foreach (var shard in _shards)
            {
                slots += shard.SlotCount;
            }
            return slots;
        }
    }

    public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        TryRecord(scope, nonce, expiresAt, now) switch
        {
            NonceRecordResult.Recorded => RecordedTask,
            NonceRecordResult.Replayed => ReplayedTask,
            _ => FullTask,
        };

    /// <summary>The synchronous form: nothing here waits on I/O.</summary>
    public NonceRecordResult TryRecord(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(nonce);
        var nowTicks = now.UtcTicks;
        if (nowTicks >= Interlocked.Read(ref _nextSweepTicks))
        {
            Sweep(nowTicks);
        }
        var (low, high) = Key(scope, nonce);
        var shard = _shards[(int)(high >> (64 - ShardBits))];
        // An expiry of 0 marks an empty slot; no real expiry is that early, and 1 tick is as expired as 0.
        var expiresTicks = Math.Max(expiresAt.UtcTicks, 1);
        var outcome = shard.TryRecord(low, high, expiresTicks, nowTicks, _reserve);
        if (outcome == ReplayShard.Outcome.NoRoom)
        {
            // Before refusing, free what has expired (a flood may have passed); then try once more. The sweep takes
            // every shard's lock in turn, so it runs outside this shard's.
            Sweep(nowTicks, force: true);
            outcome = shard.TryRecord(low, high, expiresTicks, nowTicks, _reserve);
        }
        return outcome switch
        {
            ReplayShard.Outcome.Recorded => NonceRecordResult.Recorded,
            ReplayShard.Outcome.Replayed => NonceRecordResult.Replayed,
            _ => NonceRecordResult.Full,
        };
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult(Sweep(now.UtcTicks, force: true));

    /// <summary>
    /// SHA-256 over scope, NUL, nonce (UTF-8), cut to 128 bits. A NUL cannot appear in a scope (namespace, issuer)
    /// or a validated nonce, so the input is unambiguous.
    /// </summary>
    private static (ulong Low, ulong High) Key(string scope, string nonce)
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
            return (MemoryMarshal.Read<ulong>(digest), MemoryMarshal.Read<ulong>(digest[sizeof(ulong)..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Takes one unit of capacity for a new entry (called under the entry's shard lock).</summary>
    private bool Reserve()
    {
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
            foreach (var shard in _shards)
            {
                var freed = shard.RemoveExpired(nowTicks);
                if (freed != 0)
                {
                    Interlocked.Add(ref _count, -freed);
                    removed += freed;
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
