using Sigilum.Core.Nonces;
using Sigilum.Testing;

namespace Sigilum.Core.Replay;

/// <summary>The bounded in-memory replay set (docs/decisions/0026): insert-if-absent, refuse when full, sweep only the expired.</summary>
public sealed class InMemoryReplaySetTests
{
    private readonly FakeTimeProvider _time = new(1_790_000_000);

    [Fact]
    public void TryRecord_SameNonceTwice_SecondReplayed()
    {
        var set = new InMemoryReplaySet(10, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();

        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:alice", "n-1", now.AddMinutes(10), now));
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "n-1", now.AddMinutes(10), now));
        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:bob", "n-1", now.AddMinutes(10), now));
    }

    [Fact]
    public void TryRecord_KeyLongerThanTheStackBuffer_StillExact()
    {
        var set = new InMemoryReplaySet(10, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        var scope = "vault-jti:" + new string('i', 600);

        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord(scope, "jti-1", now.AddMinutes(10), now));
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord(scope, "jti-1", now.AddMinutes(10), now));
        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord(scope, "jti-2", now.AddMinutes(10), now));
        // The separator keeps ⟨"ab", "c"⟩ and ⟨"a", "bc"⟩ apart.
        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("ab", "c", now.AddMinutes(10), now));
        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("a", "bc", now.AddMinutes(10), now));
    }

    [Fact]
    public async Task RPL_10_HundredParallelCopies_ExactlyOneRecorded()
    {
        var set = new InMemoryReplaySet(1000, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copies = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return set.TryRecord("gw:alice", "same-nonce", now.AddMinutes(10), now);
        })).ToArray();

        start.SetResult();
        var results = await Task.WhenAll(copies);

        Assert.Equal(1, results.Count(r => r == NonceRecordResult.Recorded));
        Assert.Equal(99, results.Count(r => r == NonceRecordResult.Replayed));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void RPL_12_SetFull_RefusesAndKeepsEveryUnexpiredEntry()
    {
        var set = new InMemoryReplaySet(3, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:alice", $"n-{i}", now.AddMinutes(10), now));
        }

        Assert.Equal(NonceRecordResult.Full, set.TryRecord("gw:alice", "n-new", now.AddMinutes(10), now));
        // Nothing was evicted to make room: every earlier nonce is still a replay.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", $"n-{i}", now.AddMinutes(10), now));
        }
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void TryRecord_FullButEntriesExpired_SweepsThenRecords()
    {
        var set = new InMemoryReplaySet(2, TimeSpan.FromHours(1));
        var now = _time.GetUtcNow();
        set.TryRecord("gw:alice", "short", now.AddSeconds(10), now);
        set.TryRecord("gw:alice", "long", now.AddMinutes(10), now);

        Assert.Equal(NonceRecordResult.Full, set.TryRecord("gw:alice", "third", now.AddMinutes(10), now.AddSeconds(9)));
        // At 10 s "short" has expired: a full set frees it before refusing, without waiting for the sweep interval.
        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:alice", "third", now.AddMinutes(10), now.AddSeconds(10)));
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "long", now.AddMinutes(10), now.AddSeconds(10)));
    }

    [Fact]
    public async Task PurgeExpired_RemovesOnlyEntriesPastTheirExpiry()
    {
        var set = new InMemoryReplaySet(10, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        set.TryRecord("gw:alice", "a", now.AddSeconds(60), now);
        set.TryRecord("gw:alice", "b", now.AddSeconds(120), now);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await set.PurgeExpiredAsync(_time.GetUtcNow()));
        Assert.Equal(2, set.Count);
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "a", now.AddSeconds(60), _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await set.PurgeExpiredAsync(_time.GetUtcNow()));
        Assert.Equal(1, set.Count);
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "b", now.AddSeconds(120), _time.GetUtcNow()));
    }

    [Fact]
    public void TryRecord_SweepIntervalPassed_FreesExpiredEntriesOnTheHotPath()
    {
        var set = new InMemoryReplaySet(10, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        set.TryRecord("gw:alice", "a", now.AddSeconds(20), now);
        set.TryRecord("gw:alice", "b", now.AddSeconds(90), now);

        // 29 s later: "a" has expired but the sweep interval has not passed since the first sweep (at 0 s).
        set.TryRecord("gw:alice", "c", now.AddSeconds(300), now.AddSeconds(29));
        Assert.Equal(3, set.Count);
        // 30 s: the periodic sweep runs on this request and frees "a" only; "b" has not expired.
        set.TryRecord("gw:alice", "d", now.AddSeconds(300), now.AddSeconds(30));
        Assert.Equal(3, set.Count);
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "b", now.AddSeconds(90), now.AddSeconds(30)));
    }
}
