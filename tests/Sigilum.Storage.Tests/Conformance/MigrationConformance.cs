using Sigilum.Core.Nonces;

namespace Sigilum.Storage.Conformance;

/// <summary>Migrations on a database that starts empty.</summary>
public abstract class MigrationConformance(StoreProvider provider) : StoreTestBase(provider)
{
    protected override bool MigrateMainStore => false;

    [Fact]
    public async Task MigrateAsync_FreshDatabase_StoreWorks()
    {
        await Store.MigrateAsync();

        Assert.True(await Store.PingAsync());
        await NewNamespaceAsync();
    }

    [Fact]
    public async Task MigrateAsync_Twice_SecondIsANoOpAndKeepsData()
    {
        await Store.MigrateAsync();
        var ns = await NewNamespaceAsync();
        await Store.Nonces.TryRecordAsync("acme", "n", T0.AddMinutes(5), T0);

        await Store.MigrateAsync();
        await (await OpenAsync()).MigrateAsync();

        Assert.NotNull(await Store.Namespaces.GetAsync(ns));
        Assert.Equal(NonceRecordResult.Replayed, await Store.Nonces.TryRecordAsync("acme", "n", T0.AddMinutes(5), T0));
    }

    [Fact]
    public async Task MigrateAsync_FourInstancesAtOnceOnAFreshDatabase_AllSucceed()
    {
        var stores = new[] { Store, await OpenAsync(migrate: false), await OpenAsync(migrate: false), await OpenAsync(migrate: false) };

        await RaceAsync(stores.Length, async i =>
        {
            await stores[i].MigrateAsync();
            return i;
        });

        await NewNamespaceAsync();
        Assert.All(await Task.WhenAll(stores.Select(s => s.PingAsync())), Assert.True);
    }

    [Fact]
    public async Task STO_11_DatabaseFromANewerBuild_Refuses()
    {
        await Store.MigrateAsync();
        await Provider.ExecuteAsync(Location, RecordFutureMigrationSql);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync());

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task STO_11_AppliedScriptEditedSinceThen_Refuses()
    {
        await Store.MigrateAsync();
        await Provider.ExecuteAsync(Location, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync());

        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_MigratedStore_True()
    {
        await Store.MigrateAsync();
        Assert.True(await Store.PingAsync());
    }

    /// <summary>Records migration 9999 in the ledger (the time column's type differs per provider).</summary>
    protected abstract string RecordFutureMigrationSql { get; }
}
