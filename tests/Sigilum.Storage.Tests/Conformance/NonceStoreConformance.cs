using Sigilum.Core.Nonces;

namespace Sigilum.Storage.Conformance;

public abstract class NonceStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryRecordAsync_NewNonce_Recorded() =>
        Assert.Equal(NonceRecordResult.Recorded, await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + Window, T0));

    [Fact]
    public async Task TryRecordAsync_SameNonceWithinLifetime_Replayed()
    {
        await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + Window, T0);

        Assert.Equal(NonceRecordResult.Replayed, await Store.Nonces.TryRecordAsync("acme", "n-1", T0.AddMinutes(4) + Window, T0.AddMinutes(4)));
    }

    [Fact]
    public async Task TryRecordAsync_SameNonceInAnotherScope_Recorded()
    {
        await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + Window, T0);

        Assert.Equal(NonceRecordResult.Recorded, await Store.Nonces.TryRecordAsync("globex", "n-1", T0 + Window, T0));
    }

    [Fact]
    public async Task TryRecordAsync_AtOrAfterExpiry_RecordedAgainWithTheNewLifetime()
    {
        await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + Window, T0);

        // Expired at exactly expiresAt (the ">=" rule), so the nonce may be used again ...
        Assert.Equal(NonceRecordResult.Recorded, await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + Window + Window, T0 + Window));
        // ... and is then live for its new lifetime.
        Assert.Equal(NonceRecordResult.Replayed, await Store.Nonces.TryRecordAsync("acme", "n-1", T0 + (3 * Window), T0 + Window + Window.Subtract(TimeSpan.FromMilliseconds(1))));
    }

    [Fact]
    public async Task TryRecordAsync_AtCapacity_FullAndLiveNoncesStillReplayed()
    {
        var store = await OpenAsync(new StoreSettings { NonceCapacity = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(NonceRecordResult.Recorded, await store.Nonces.TryRecordAsync("acme", $"n-{i}", T0 + Window, T0));
        }

        Assert.Equal(NonceRecordResult.Full, await store.Nonces.TryRecordAsync("acme", "n-3", T0 + Window, T0.AddMinutes(1)));

        // Nothing was evicted to make room, and a replay is still reported as one.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(NonceRecordResult.Replayed, await store.Nonces.TryRecordAsync("acme", $"n-{i}", T0 + Window, T0.AddMinutes(1)));
        }
    }

    [Fact]
    public async Task TryRecordAsync_AtCapacityWithExpiredEntries_ReusesTheirRoom()
    {
        var store = await OpenAsync(new StoreSettings { NonceCapacity = 2 });
        await store.Nonces.TryRecordAsync("acme", "old-1", T0.AddMinutes(1), T0);
        await store.Nonces.TryRecordAsync("acme", "live", T0.AddMinutes(10), T0);

        Assert.Equal(NonceRecordResult.Recorded, await store.Nonces.TryRecordAsync("acme", "new", T0.AddMinutes(12), T0.AddMinutes(2)));
        Assert.Equal(NonceRecordResult.Full, await store.Nonces.TryRecordAsync("acme", "newer", T0.AddMinutes(12), T0.AddMinutes(2)));
        Assert.Equal(NonceRecordResult.Replayed, await store.Nonces.TryRecordAsync("acme", "live", T0.AddMinutes(12), T0.AddMinutes(2)));
    }

    [Fact]
    public async Task TryRecordAsync_CapacityIsSharedByInstancesOnOneDatabase()
    {
        var settings = new StoreSettings { NonceCapacity = 2 };
        var first = await OpenAsync(settings);
        var second = await OpenAsync(settings);

        await first.Nonces.TryRecordAsync("acme", "a", T0 + Window, T0);
        await second.Nonces.TryRecordAsync("acme", "b", T0 + Window, T0);

        Assert.Equal(NonceRecordResult.Full, await first.Nonces.TryRecordAsync("acme", "c", T0 + Window, T0));
    }

    [Fact]
    public async Task PurgeExpiredAsync_MixedEntries_DeletesOnlyExpiredAndCountsThem()
    {
        await Store.Nonces.TryRecordAsync("acme", "a", T0.AddMinutes(1), T0);
        await Store.Nonces.TryRecordAsync("acme", "b", T0.AddMinutes(2), T0);
        await Store.Nonces.TryRecordAsync("acme", "c", T0.AddMinutes(10), T0);

        Assert.Equal(2, await Store.Nonces.PurgeExpiredAsync(T0.AddMinutes(2)));
        Assert.Equal(0, await Store.Nonces.PurgeExpiredAsync(T0.AddMinutes(2)));

        Assert.Equal(NonceRecordResult.Replayed, await Store.Nonces.TryRecordAsync("acme", "c", T0.AddMinutes(20), T0.AddMinutes(3)));
        Assert.Equal(NonceRecordResult.Recorded, await Store.Nonces.TryRecordAsync("acme", "a", T0.AddMinutes(20), T0.AddMinutes(3)));
    }

    [Fact]
    public async Task PurgeExpiredAsync_AfterPurge_FreesCapacity()
    {
        var store = await OpenAsync(new StoreSettings { NonceCapacity = 1 });
        await store.Nonces.TryRecordAsync("acme", "a", T0.AddMinutes(1), T0);
        Assert.Equal(1, await store.Nonces.PurgeExpiredAsync(T0.AddMinutes(1)));

        // Recorded at a time when "a" would still be live: only the purge can have made room.
        Assert.Equal(NonceRecordResult.Recorded, await store.Nonces.TryRecordAsync("acme", "b", T0.AddMinutes(5), T0));
    }

    [Fact]
    public async Task TryRecordAsync_100ParallelCopiesOverFourInstances_ExactlyOneRecorded()
    {
        // RPL-09/RPL-10: four stores stand in for four gateway processes sharing the database.
        var stores = await OpenManyAsync(4);

        var results = await RaceAsync(100, i => stores[i % 4].Nonces.TryRecordAsync("acme", "the-nonce", T0 + Window, T0));

        Assert.Equal(1, results.Count(r => r == NonceRecordResult.Recorded));
        Assert.Equal(99, results.Count(r => r == NonceRecordResult.Replayed));
    }

    [Fact]
    public async Task TryRecordAsync_ParallelReuseOfAnExpiredNonce_ExactlyOneRecorded()
    {
        var stores = await OpenManyAsync(4);
        await Store.Nonces.TryRecordAsync("acme", "the-nonce", T0.AddMinutes(1), T0);
        var later = T0.AddMinutes(2);

        var results = await RaceAsync(40, i => stores[i % 4].Nonces.TryRecordAsync("acme", "the-nonce", later + Window, later));

        Assert.Equal(1, results.Count(r => r == NonceRecordResult.Recorded));
    }
}
