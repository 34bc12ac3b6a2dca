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

    [Fact]
    public async Task Sweep_MixedExpiries_KeepsEveryLiveEntryFindable()
    {
        // Thousands of entries in 256 small tables: every run of occupied slots has entries of both kinds, so the
        // backward shift that closes a freed slot moves live entries, and each must still be found afterwards.
        var set = new InMemoryReplaySet(100_000, TimeSpan.FromHours(1));
        var now = _time.GetUtcNow();
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:alice", $"n-{i}", now.AddSeconds(i % 3 == 0 ? 10 : 600), now));
        }

        var later = now.AddSeconds(10);
        var removed = await set.PurgeExpiredAsync(later);

        Assert.Equal(6_667, removed);
        Assert.Equal(13_333, set.Count);
        for (var i = 0; i < 20_000; i++)
        {
            // Live entries are still replays; the expired ones are free to be recorded again.
            var expected = i % 3 == 0 ? NonceRecordResult.Recorded : NonceRecordResult.Replayed;
            Assert.Equal(expected, set.TryRecord("gw:alice", $"n-{i}", later.AddSeconds(600), later));
        }
        Assert.Equal(20_000, set.Count);
    }

    [Fact]
    public void TryRecord_ExpiredButNotSwept_RecordedAgainWithoutASecondSlot()
    {
        var set = new InMemoryReplaySet(10, TimeSpan.FromHours(1));
        var now = _time.GetUtcNow();
        set.TryRecord("gw:alice", "a", now.AddSeconds(10), now);

        Assert.Equal(NonceRecordResult.Recorded, set.TryRecord("gw:alice", "a", now.AddSeconds(400), now.AddSeconds(10)));
        Assert.Equal(1, set.Count);
        // The renewed expiry holds: a replay until 400 s.
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "a", now.AddSeconds(800), now.AddSeconds(399)));
    }

    [Fact]
    public void Sweep_AfterAFlood_GivesTheTableBack()
    {
        var set = new InMemoryReplaySet(1_000_000, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        var idle = set.SlotCount;
        for (var i = 0; i < 50_000; i++)
        {
            set.TryRecord("gw:alice", $"flood-{i}", now.AddSeconds(306), now);
        }
        // 24-byte slots at a load between 3/8 and 3/4: the table grew, but to well under two slots an entry on average.
        Assert.InRange(set.SlotCount, 50_000 * 4 / 3, 50_000 * 8 / 3);

        set.TryRecord("gw:alice", "after", now.AddSeconds(612), now.AddSeconds(306));

        Assert.Equal(1, set.Count);
        Assert.Equal(idle, set.SlotCount);
        Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", "after", now.AddSeconds(612), now.AddSeconds(306)));
    }

    [Fact]
    public async Task TryRecord_DistinctNoncesFromManyThreads_EachRecordedOnceAndAllKept()
    {
        var set = new InMemoryReplaySet(100_000, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            var recorded = 0;
            for (var i = 0; i < 5_000; i++)
            {
                // Every worker offers the same 5,000 nonces: each is recorded by exactly one of them.
                if (set.TryRecord("gw:alice", $"n-{(i + (worker * 625)) % 5_000}", now.AddMinutes(5), now) == NonceRecordResult.Recorded)
                {
                    recorded++;
                }
            }
            return recorded;
        })).ToArray();

        start.SetResult();
        var counts = await Task.WhenAll(workers);

        Assert.Equal(5_000, counts.Sum());
        Assert.Equal(5_000, set.Count);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(NonceRecordResult.Replayed, set.TryRecord("gw:alice", $"n-{i}", now.AddMinutes(5), now));
        }
    }

    [Fact]
    public void RPL_12_FullUnderLoad_OnlyTheCapacityIsRecordedAndNothingEvicted()
    {
        var set = new InMemoryReplaySet(1_000, TimeSpan.FromSeconds(30));
        var now = _time.GetUtcNow();
        var results = Enumerable.Range(0, 1_500).Select(i => set.TryRecord("gw:alice", $"n-{i}", now.AddMinutes(5), now)).ToArray();

        Assert.Equal(1_000, results.Count(r => r == NonceRecordResult.Recorded));
        Assert.Equal(500, results.Count(r => r == NonceRecordResult.Full));
        Assert.Equal(1_000, set.Count);
        for (var i = 0; i < 1_500; i++)
        {
            // A refused nonce was not recorded; a recorded one is still a replay.
            var expected = results[i] == NonceRecordResult.Recorded ? NonceRecordResult.Replayed : NonceRecordResult.Full;
            Assert.Equal(expected, set.TryRecord("gw:alice", $"n-{i}", now.AddMinutes(5), now));
        }
    }
}
