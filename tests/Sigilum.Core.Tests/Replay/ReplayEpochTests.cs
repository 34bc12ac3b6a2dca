using Sigilum.Core.Nonces;
using Sigilum.Testing;

namespace Sigilum.Core.Replay;

/// <summary>The start epoch (docs/decisions/0026) and the guard that applies it.</summary>
public sealed class ReplayEpochTests : IDisposable
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _dir = new("sigilum-epoch-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_250));

    public void Dispose() => _dir.Dispose();

    private string EpochPath => Path.Combine(_dir.Path, "replay.epoch");

    [Fact]
    public void Establish_FromTheTimeProvider_WrittenAndCutoffRoundedUpToTheSecond()
    {
        var epoch = ReplayEpoch.Establish(EpochPath, _time);

        Assert.Equal(_time.GetUtcNow(), epoch.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_790_000_001), epoch.Cutoff);
        Assert.Equal("1790000000250", File.ReadAllText(EpochPath).Trim());
        Assert.Null(epoch.Previous);
        Assert.Equal(TimeSpan.FromMilliseconds(750), epoch.UntilCutoff(_time));
    }

    [Fact]
    public void Establish_SecondStart_ReplacesTheEpochAndKnowsThePrevious()
    {
        var first = ReplayEpoch.Establish(EpochPath, _time);
        _time.Advance(TimeSpan.FromMinutes(3));

        var second = ReplayEpoch.Establish(EpochPath, _time);

        Assert.Equal(first.Start, second.Previous);
        Assert.Equal(_time.GetUtcNow(), second.Start);
        Assert.False(File.Exists(EpochPath + ".tmp"));
    }

    [Fact]
    public async Task RPL_08_SignedBeforeTheEpoch_ReplayedWithAnEmptySet()
    {
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        _time.Advance(TimeSpan.FromSeconds(2));
        var guard = Guard(out var memory, out var durable);

        Assert.Equal(NonceRecordResult.Replayed, await guard.TryRecordAsync("gw:alice", "n-before", signedAt, Expiry(), _time.GetUtcNow()));
        Assert.Equal(0, memory.Count);
        Assert.Equal(0, durable.Count);
    }

    [Fact]
    public async Task RPL_08_SignedInTheStartSecond_Replayed()
    {
        // Start at .250: a signature dated this second may be from just before the restart.
        var guard = Guard(out _, out _);
        var thisSecond = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());

        Assert.Equal(NonceRecordResult.Replayed, await guard.TryRecordAsync("gw:alice", "n", thisSecond, Expiry(), _time.GetUtcNow()));
    }

    [Fact]
    public async Task TryRecord_SteadyState_MemoryOnlyNothingDurable()
    {
        var guard = Guard(out var memory, out var durable);
        _time.Advance(TimeSpan.FromSeconds(10));
        var created = Created();

        Assert.Equal(NonceRecordResult.Recorded, await guard.TryRecordAsync("gw:alice", "n", created, Expiry(), _time.GetUtcNow()));
        Assert.Equal(NonceRecordResult.Replayed, await guard.TryRecordAsync("gw:alice", "n", created, Expiry(), _time.GetUtcNow()));
        Assert.Equal(1, memory.Count);
        Assert.Equal(0, durable.Count);
    }

    [Fact]
    public async Task TryRecord_StartWindowAndFutureDated_AlsoDurable()
    {
        var guard = Guard(out _, out var durable);
        _time.Advance(TimeSpan.FromSeconds(1));

        // Within cutoff + skew: the previous process may have accepted it dated ahead of its clock.
        Assert.Equal(NonceRecordResult.Recorded, await guard.TryRecordAsync("gw:alice", "window", Created(), Expiry(), _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(30));
        // Dated 3 s ahead of this clock: the next process could see it after its own epoch.
        Assert.Equal(NonceRecordResult.Recorded, await guard.TryRecordAsync("gw:alice", "ahead", Created().AddSeconds(3), Expiry(), _time.GetUtcNow()));

        Assert.Equal(2, durable.Count);
    }

    [Fact]
    public async Task RPL_08_FutureDatedAcceptedBeforeRestart_RefusedAfterByTheDurableWindow()
    {
        var durable = new MemoryStore();
        var before = new EpochReplayGuard(new InMemoryReplaySet(10, TimeSpan.FromSeconds(30)), durable, ReplayEpoch.Establish(EpochPath, _time), Skew);
        _time.Advance(TimeSpan.FromMinutes(5));
        var aheadBy4 = Created().AddSeconds(4);
        Assert.Equal(NonceRecordResult.Recorded, await before.TryRecordAsync("gw:alice", "ahead", aheadBy4, Expiry(), _time.GetUtcNow()));

        // Crash and restart one second later: the signature is now dated after the new epoch, and the memory is gone.
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = new EpochReplayGuard(new InMemoryReplaySet(10, TimeSpan.FromSeconds(30)), durable, ReplayEpoch.Establish(EpochPath, _time), Skew);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(NonceRecordResult.Replayed, await after.TryRecordAsync("gw:alice", "ahead", aheadBy4, Expiry(), _time.GetUtcNow()));
    }

    [Fact]
    public async Task RPL_12_MemoryFull_FullNotEvicted()
    {
        var durable = new MemoryStore();
        var guard = new EpochReplayGuard(new InMemoryReplaySet(1, TimeSpan.FromSeconds(30)), durable, ReplayEpoch.Establish(EpochPath, _time), Skew);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(NonceRecordResult.Recorded, await guard.TryRecordAsync("gw:alice", "one", Created(), Expiry(), _time.GetUtcNow()));
        Assert.Equal(NonceRecordResult.Full, await guard.TryRecordAsync("gw:alice", "two", Created(), Expiry(), _time.GetUtcNow()));
        Assert.Equal(NonceRecordResult.Replayed, await guard.TryRecordAsync("gw:alice", "one", Created(), Expiry(), _time.GetUtcNow()));
    }

    private EpochReplayGuard Guard(out InMemoryReplaySet memory, out MemoryStore durable)
    {
        memory = new InMemoryReplaySet(100, TimeSpan.FromSeconds(30));
        durable = new MemoryStore();
        return new EpochReplayGuard(memory, durable, ReplayEpoch.Establish(EpochPath, _time), Skew);
    }

    private DateTimeOffset Created() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());

    private DateTimeOffset Expiry() => _time.GetUtcNow().AddMinutes(10);

    /// <summary>A stand-in for the durable store: insert-if-absent, counting what reached it.</summary>
    private sealed class MemoryStore : INonceStore
    {
        private readonly HashSet<string> _seen = [];

        public int Count => _seen.Count;

        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult(_seen.Add(scope + "\0" + nonce) ? NonceRecordResult.Recorded : NonceRecordResult.Replayed);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
