using Sigilum.Core.Namespaces;

namespace Sigilum.Storage.Conformance;

public abstract class NamespaceStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task CreateAsync_NewNamespace_StoresNamespaceAndOwner()
    {
        var owner = new OwnerRecord { Id = "own_1", Namespace = "acme", Email = "o@acme.test", PublicKey = "ed25519:abc", CreatedAt = T0 };

        Assert.True(await Store.Namespaces.CreateAsync(new NamespaceRecord { Name = "acme", OwnerId = "own_1", CreatedAt = T0 }, owner));

        var ns = await Store.Namespaces.GetAsync("acme");
        Assert.NotNull(ns);
        Assert.Equal(("acme", "own_1", T0, "did:sigilum:acme"), (ns.Name, ns.OwnerId, ns.CreatedAt, ns.Did));
        Assert.Equal(owner, await Store.Namespaces.GetOwnerAsync("own_1"));
    }

    [Fact]
    public async Task CreateAsync_ExistingNamespace_ReturnsFalseAndKeepsFirstOwner()
    {
        await NewNamespaceAsync("acme");
        var first = (await Store.Namespaces.GetAsync("acme"))!.OwnerId;
        var intruder = new OwnerRecord { Id = "own_intruder", Namespace = "acme", CreatedAt = T0 };

        Assert.False(await Store.Namespaces.CreateAsync(new NamespaceRecord { Name = "acme", OwnerId = intruder.Id, CreatedAt = T0 }, intruder));

        Assert.Equal(first, (await Store.Namespaces.GetAsync("acme"))!.OwnerId);
        Assert.Null(await Store.Namespaces.GetOwnerAsync("own_intruder"));
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.Namespaces.GetAsync("nobody"));
        Assert.Null(await Store.Namespaces.GetOwnerAsync("own_nobody"));
    }

    [Fact]
    public async Task SetOwnerPasswordHashAsync_SetThenClear_RoundTrips()
    {
        var ns = await NewNamespaceAsync();
        var ownerId = (await Store.Namespaces.GetAsync(ns))!.OwnerId;

        await Store.Namespaces.SetOwnerPasswordHashAsync(ownerId, "pbkdf2$x");
        Assert.Equal("pbkdf2$x", (await Store.Namespaces.GetOwnerAsync(ownerId))!.PasswordHash);

        await Store.Namespaces.SetOwnerPasswordHashAsync(ownerId, null);
        Assert.Null((await Store.Namespaces.GetOwnerAsync(ownerId))!.PasswordHash);
    }

    [Fact]
    public async Task CreateAsync_SubMillisecondLocalTime_ReadsBackAsUtcMilliseconds()
    {
        // Both providers keep milliseconds in UTC: ticks below a millisecond and the offset are dropped.
        var local = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2)).AddTicks(4321);
        var owner = new OwnerRecord { Id = "own_t", Namespace = "timey", CreatedAt = local };

        await Store.Namespaces.CreateAsync(new NamespaceRecord { Name = "timey", OwnerId = "own_t", CreatedAt = local }, owner);

        var read = (await Store.Namespaces.GetAsync("timey"))!.CreatedAt;
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 3, 6, 7, 890, TimeSpan.Zero), read);
        Assert.Equal(0, read.Ticks % TimeSpan.TicksPerMillisecond);
    }
}
