using BenchmarkDotNet.Attributes;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;

namespace Sigilum.Benchmarks;

/// <summary>
/// The gateway's in-memory replay set (docs/perf/gateway-memory.md) in its steady state: every operation records a fresh
/// nonce while the clock advances, so about <see cref="LiveEntries"/> entries are live and the oldest expire and are
/// swept, as in the gateway under load (a nonce lives 306 s; 210,000 of them are live at the end of gateway-load.sh).
/// MemoryDiagnoser shows what an insert allocates; <see cref="ReplaySetMemory"/> measures what the set retains.
/// </summary>
[MemoryDiagnoser]
public class ReplaySetBenchmarks
{
    public const int LiveEntries = 200_000;

    /// <summary>
    /// Nonces cycled through: three lifetimes, so a nonce comes back only after it expired and a periodic sweep (every
    /// 30 s, i.e. 300,000 steps) removed it. Every insert is a new entry, as in the gateway.
    /// </summary>
    private const int Pool = LiveEntries * 3;

    private const int Batch = 1_000;

    // One simulated request every 100 µs: 10,000 requests/s, so a 20 s lifetime holds LiveEntries entries.
    private static readonly TimeSpan Step = TimeSpan.FromTicks(1_000);
    private static readonly TimeSpan Lifetime = Step * LiveEntries;

    private string[] _nonces = null!;
    private InMemoryReplaySet _set = null!;
    private DateTimeOffset _now;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _nonces = ReplaySetMemory.Nonces(Pool);
        _set = new InMemoryReplaySet(1_000_000, TimeSpan.FromSeconds(30));
        _now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
        // Start in the steady state, not with an empty set that is still growing.
        for (var i = 0; i < Pool; i++)
        {
            Record();
        }
    }

    /// <summary>One fresh nonce recorded: SHA-256 of the key, the insert, and a share of the periodic sweep.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int RecordFreshNonce()
    {
        var recorded = 0;
        for (var i = 0; i < Batch; i++)
        {
            recorded += Record() == NonceRecordResult.Recorded ? 1 : 0;
        }
        return recorded;
    }

    /// <summary>The same nonce again while live: the lookup that refuses a replay.</summary>
    [Benchmark]
    public NonceRecordResult RefuseReplay() => _set.TryRecord("gw:bench", _nonces[(_next + Pool - 1) % Pool], _now + Lifetime, _now);

    private NonceRecordResult Record()
    {
        _now += Step;
        var nonce = _nonces[_next];
        _next = (_next + 1) % Pool;
        return _set.TryRecord("gw:bench", nonce, _now + Lifetime, _now);
    }
}
