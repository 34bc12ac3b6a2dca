using Sigilum.Core.Nonces;
using Sigilum.Testing;

namespace Sigilum.Core.Replay;

/// <summary>
/// The one place the gateway and the control plane start their replay state (docs/decisions/0026, 0058). An
/// <see cref="InMemoryReplaySet"/> stands in for the durable store: it is an <see cref="INonceStore"/> whose count shows
/// what reached it.
/// </summary>
public sealed class ReplayGuardsTests : IDisposable
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _dir = new("sigilum-guards-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000));
    private readonly InMemoryReplaySet _store = new(100, TimeSpan.FromSeconds(30));

    public void Dispose() => _dir.Dispose();

    private string EpochPath => Path.Combine(_dir.Path, "replay.epoch");

    [Fact]
    public async Task StartAsync_Shared_EveryNonceRecordedInTheStoreAndNoEpochWritten()
    {
        var guard = await ReplayGuards.StartAsync(ReplayGuards.Shared, _store, EpochPath, 100, Skew, _time, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();

        var recorded = await guard.TryRecordAsync("sig:alice", "n-1", now.AddSeconds(-30), now.AddMinutes(10), now);

        Assert.Equal(NonceRecordResult.Recorded, recorded);
        Assert.Equal(1, _store.Count);
        Assert.False(File.Exists(EpochPath));
    }

    [Fact]
    public async Task StartAsync_Memory_EpochWrittenAndASignatureFromBeforeItRefused()
    {
        var signedBefore = _time.GetUtcNow().AddSeconds(-1);
        var guard = await ReplayGuards.StartAsync(ReplayGuards.Memory, _store, EpochPath, 100, Skew, _time, CancellationToken.None);
        var now = _time.GetUtcNow();

        var recorded = await guard.TryRecordAsync("sig:alice", "n-1", signedBefore, now.AddMinutes(10), now);

        Assert.Equal(NonceRecordResult.Replayed, recorded);
        Assert.True(File.Exists(EpochPath));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task StartAsync_Memory_PastTheStartWindow_NothingReachesTheStore()
    {
        var guard = await ReplayGuards.StartAsync(ReplayGuards.Memory, _store, EpochPath, 100, Skew, _time, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        var now = _time.GetUtcNow();

        var recorded = await guard.TryRecordAsync("sig:alice", "n-1", now, now.AddMinutes(10), now);

        Assert.Equal(NonceRecordResult.Recorded, recorded);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task StartAsync_Memory_StartedMidSecond_ReturnsOnlyOnceTheCutoffHasPassed()
    {
        _time.Advance(TimeSpan.FromMilliseconds(250));

        var start = ReplayGuards.StartAsync(ReplayGuards.Memory, _store, EpochPath, 100, Skew, _time, CancellationToken.None);
        var waitedBeforeTheCutoff = !start.IsCompleted;
        _time.Advance(TimeSpan.FromMilliseconds(751));
        await start;

        Assert.True(waitedBeforeTheCutoff);
    }

    [Fact]
    public async Task StartAsync_UnknownState_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReplayGuards.StartAsync("durable", _store, EpochPath, 100, Skew, _time, CancellationToken.None));
    }
}
