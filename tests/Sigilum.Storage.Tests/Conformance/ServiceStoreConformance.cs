using Sigilum.Core.Services;

namespace Sigilum.Storage.Conformance;

public abstract class ServiceStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task CreateAsync_NewSlug_RoundTripsEveryField()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);

        Assert.True(await Store.Services.CreateAsync(service));

        AssertSame(service, await Store.Services.GetAsync(ns, "openai"));
        AssertSame(service, await Store.Services.GetByIdAsync(service.Id));
    }

    [Fact]
    public async Task CreateAsync_SlugTakenInSameNamespace_ReturnsFalse()
    {
        var ns = await NewNamespaceAsync();
        Assert.True(await Store.Services.CreateAsync(Records.Service(ns, "openai", T0)));

        Assert.False(await Store.Services.CreateAsync(Records.Service(ns, "openai", T0)));

        Assert.Single(await Store.Services.ListAsync(ns));
    }

    [Fact]
    public async Task CreateAsync_SameSlugInTwoNamespaces_BothCreated()
    {
        var a = await NewNamespaceAsync();
        var b = await NewNamespaceAsync();

        Assert.True(await Store.Services.CreateAsync(Records.Service(a, "openai", T0)));
        Assert.True(await Store.Services.CreateAsync(Records.Service(b, "openai", T0)));

        Assert.NotEqual((await Store.Services.GetAsync(a, "openai"))!.Id, (await Store.Services.GetAsync(b, "openai"))!.Id);
    }

    [Fact]
    public async Task ListAsync_Namespace_OnlyItsServicesBySlug()
    {
        var ns = await NewNamespaceAsync();
        var other = await NewNamespaceAsync();
        await Store.Services.CreateAsync(Records.Service(ns, "slack", T0));
        await Store.Services.CreateAsync(Records.Service(ns, "github", T0));
        await Store.Services.CreateAsync(Records.Service(other, "linear", T0));

        Assert.Equal(["github", "slack"], (await Store.Services.ListAsync(ns)).Select(s => s.Slug));
    }

    [Fact]
    public async Task UpdateAsync_Existing_ReplacesNameDescriptionAndHosts()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        await Store.Services.CreateAsync(service);
        var later = T0.AddMinutes(5);

        Assert.True(await Store.Services.UpdateAsync(service with { Name = "OpenAI", Description = null, UpstreamHosts = ["api.openai.com"], UpdatedAt = later }));

        var read = (await Store.Services.GetByIdAsync(service.Id))!;
        Assert.Equal(("OpenAI", (string?)null, later, T0), (read.Name, read.Description, read.UpdatedAt, read.CreatedAt));
        Assert.Equal(["api.openai.com"], read.UpstreamHosts);
    }

    [Fact]
    public async Task UpdateAsync_Absent_ReturnsFalse()
    {
        var ns = await NewNamespaceAsync();
        Assert.False(await Store.Services.UpdateAsync(Records.Service(ns, "ghost", T0)));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesServiceAndItsKeys()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        await Store.Services.CreateAsync(service);
        var key = Records.ApiKey(service.Id, T0);
        await Store.Services.AddKeyAsync(key);

        Assert.True(await Store.Services.DeleteAsync(service.Id));

        Assert.Null(await Store.Services.GetByIdAsync(service.Id));
        Assert.Empty(await Store.Services.ListKeysAsync(service.Id));
        Assert.Null(await Store.Services.UseKeyAsync(key.KeyHash, T0));
        Assert.False(await Store.Services.DeleteAsync(service.Id));
    }

    [Fact]
    public async Task UseKeyAsync_ActiveKey_ReturnsItAndStampsLastUse()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        await Store.Services.CreateAsync(service);
        var key = Records.ApiKey(service.Id, T0);
        await Store.Services.AddKeyAsync(key);
        var now = T0.AddHours(1);

        var used = await Store.Services.UseKeyAsync(key.KeyHash, now);

        Assert.Equal(key with { LastUsedAt = now }, used);
        Assert.Equal(now, (await Store.Services.ListKeysAsync(service.Id)).Single().LastUsedAt);
    }

    [Fact]
    public async Task UseKeyAsync_RevokedKey_ReturnsNullAndLeavesLastUse()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        await Store.Services.CreateAsync(service);
        var key = Records.ApiKey(service.Id, T0);
        await Store.Services.AddKeyAsync(key);
        Assert.True(await Store.Services.RevokeKeyAsync(service.Id, key.Id, T0.AddMinutes(1)));

        Assert.Null(await Store.Services.UseKeyAsync(key.KeyHash, T0.AddMinutes(2)));

        var stored = (await Store.Services.ListKeysAsync(service.Id)).Single();
        Assert.Equal((T0.AddMinutes(1), (DateTimeOffset?)null), (stored.RevokedAt, stored.LastUsedAt));
    }

    [Fact]
    public async Task UseKeyAsync_UnknownHash_ReturnsNull() =>
        Assert.Null(await Store.Services.UseKeyAsync(new string('0', 64), T0));

    [Fact]
    public async Task RevokeKeyAsync_SecondTimeOrOtherService_ReturnsFalseAndKeepsFirstTime()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        var other = Records.Service(ns, "slack", T0);
        await Store.Services.CreateAsync(service);
        await Store.Services.CreateAsync(other);
        var key = Records.ApiKey(service.Id, T0);
        await Store.Services.AddKeyAsync(key);

        Assert.False(await Store.Services.RevokeKeyAsync(other.Id, key.Id, T0));
        Assert.True(await Store.Services.RevokeKeyAsync(service.Id, key.Id, T0.AddMinutes(1)));
        Assert.False(await Store.Services.RevokeKeyAsync(service.Id, key.Id, T0.AddMinutes(2)));

        Assert.Equal(T0.AddMinutes(1), (await Store.Services.ListKeysAsync(service.Id)).Single().RevokedAt);
    }

    [Fact]
    public async Task ListKeysAsync_Service_OldestFirst()
    {
        var ns = await NewNamespaceAsync();
        var service = Records.Service(ns, "openai", T0);
        await Store.Services.CreateAsync(service);
        var second = Records.ApiKey(service.Id, T0.AddMinutes(1));
        var first = Records.ApiKey(service.Id, T0);
        await Store.Services.AddKeyAsync(second);
        await Store.Services.AddKeyAsync(first);

        Assert.Equal([first.Id, second.Id], (await Store.Services.ListKeysAsync(service.Id)).Select(k => k.Id));
    }

    /// <summary>Records compare lists by reference, so the list is compared apart.</summary>
    private static void AssertSame(ServiceRecord expected, ServiceRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.UpstreamHosts, actual.UpstreamHosts);
        Assert.Equal(expected with { UpstreamHosts = [] }, actual with { UpstreamHosts = [] });
    }
}
