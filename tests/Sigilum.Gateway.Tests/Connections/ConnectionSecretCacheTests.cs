using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The opened-secret cache (issue #13): a hit needs the exact version and creation time of the row just read; every
/// admin write drops the entry and zeroes it; the cache is bounded; nothing crosses connections (reliability BKD-10).
/// </summary>
public sealed class ConnectionSecretCacheTests : IAsyncLifetime
{
    private const string Secret = "sk-live-cache-0123456789";
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ConnectionSecretCache Cache => _host.Services.GetRequiredService<ConnectionSecretCache>();

    private static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    private static SecretMap Map(string key, string value)
    {
        var map = new SecretMap();
        map.Set(key, Encoding.UTF8.GetBytes(value));
        return map;
    }

    private async Task<string> InjectedAsync(string id = "svc")
    {
        using var resolution = await _host.Resolver.ResolveAsync(id, CancellationToken.None);
        Assert.True(resolution.Succeeded, resolution.Error?.Message);
        return Text(resolution.Header!.Value);
    }

    private Task CreateAsync(string id = "svc", string secret = Secret) =>
        _host.CreateAsync(new { id, base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = secret } });

    [Fact]
    public async Task Resolve_SecondRequest_ServedFromCacheWithoutOpeningAgain()
    {
        await CreateAsync();
        Assert.Equal("Bearer " + Secret, await InjectedAsync());
        var cached = Cache.CachedValuesFor("svc");

        Assert.Equal("Bearer " + Secret, await InjectedAsync());

        // The same arrays are still cached: the second request cloned them rather than opening the row again.
        Assert.Same(Assert.Single(cached), Assert.Single(Cache.CachedValuesFor("svc")));
    }

    [Fact]
    public async Task Resolve_RequestZeroesItsCopy_CachedValueIntact()
    {
        await CreateAsync();
        await InjectedAsync();

        await InjectedAsync();

        Assert.Equal(Secret, Text(Assert.Single(Cache.CachedValuesFor("svc"))));
    }

    [Fact]
    public async Task Rotate_CachedOldVersion_ZeroedAndNextRequestUsesNewVersion()
    {
        await CreateAsync();
        await InjectedAsync();
        var old = Assert.Single(Cache.CachedValuesFor("svc"));

        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-rotated-0123456789" } });

        Assert.All(old, b => Assert.Equal(0, b));
        Assert.Equal("Bearer sk-rotated-0123456789", await InjectedAsync());
    }

    [Fact]
    public async Task Resolve_SecondRequest_SharesTheEchoSpellingsOfTheFirst()
    {
        await CreateAsync();

        using var first = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        using var second = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.NotNull(first.Echo);
        Assert.Same(first.Echo, second.Echo);
        Assert.Same(first.Echo, Cache.CachedSpellingsFor("svc"));
        using var scrubber = new Sigilum.Core.Secrets.SecretScrubber(first.Echo);
        Assert.Equal("k=" + scrubber.Marker, scrubber.ScrubText("k=" + Secret));
    }

    [Fact]
    public async Task MEM_01_RotateWhileAResponseScrubs_OldSpellingsZeroedWhenTheResponseEnds()
    {
        await CreateAsync();
        var inFlight = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        var old = inFlight.Echo!;

        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-rotated-0123456789" } });

        // Dropped from the cache, but the response still scrubbing with it keeps it whole until it ends.
        Assert.Null(Cache.CachedSpellingsFor("svc"));
        Assert.False(old.IsZeroed);
        inFlight.Dispose();
        inFlight.Dispose();
        Assert.True(old.IsZeroed);
        using var next = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        Assert.NotSame(old, next.Echo);
        Assert.False(next.Echo!.IsZeroed);
    }

    [Fact]
    public async Task MEM_01_CacheDisposed_SpellingsZeroedOnceNoResponseHoldsThem()
    {
        await CreateAsync();
        using (var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.NotNull(resolution.Echo);
        }
        var cached = Cache.CachedSpellingsFor("svc")!;

        Cache.Dispose();

        Assert.True(cached.IsZeroed);
    }

    [Fact]
    public async Task Resolve_CredentialVariable_EchoSpellingsDerivedPerRequest()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "SHARED_KEY", value = Secret });
        await _host.CreateAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "{{SHARED_KEY}}" } });

        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        // A variable's value may change between requests of one secret version: nothing derived from it is cached.
        Assert.True(resolution.Succeeded, resolution.Error?.Message);
        Assert.Null(resolution.Echo);
        Assert.Equal(Secret, Text(Assert.Single(resolution.Secrets)));
        Assert.Null(Cache.CachedSpellingsFor("svc"));
    }

    [Fact]
    public async Task Update_Disabled_CacheDroppedAndNextRequestRefused()
    {
        await CreateAsync();
        await InjectedAsync();
        var old = Assert.Single(Cache.CachedValuesFor("svc"));

        await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/svc", new { status = "disabled" });
        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.All(old, b => Assert.Equal(0, b));
        Assert.Equal(ErrorCatalogue.ConnectionUnusable, resolution.Error!.Code);
        Assert.Contains("disabled", resolution.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_CachedValueZeroedAndNextRequestNotFound()
    {
        await CreateAsync();
        await InjectedAsync();
        var old = Assert.Single(Cache.CachedValuesFor("svc"));

        await _host.SendAsync(HttpMethod.Delete, "/api/admin/connections/svc");
        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.All(old, b => Assert.Equal(0, b));
        Assert.Empty(Cache.CachedValuesFor("svc"));
        Assert.Equal(404, resolution.Error!.Status);
    }

    [Fact]
    public async Task DeleteAndRecreate_SameId_NewSecretServed()
    {
        await CreateAsync();
        await InjectedAsync();
        await _host.SendAsync(HttpMethod.Delete, "/api/admin/connections/svc");

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateAsync(secret: "sk-recreated-0123456789");

        Assert.Equal("Bearer sk-recreated-0123456789", await InjectedAsync());
    }

    [Fact]
    public async Task BKD_10_TwoConnections_EachGetsOnlyItsOwnSecret()
    {
        await CreateAsync("one", "sk-one-0123456789");
        await CreateAsync("two", "sk-two-0123456789");

        Assert.Equal("Bearer sk-one-0123456789", await InjectedAsync("one"));
        Assert.Equal("Bearer sk-two-0123456789", await InjectedAsync("two"));
        Assert.Equal("Bearer sk-one-0123456789", await InjectedAsync("one"));
        Assert.Equal("Bearer sk-two-0123456789", await InjectedAsync("two"));
    }

    [Fact]
    public async Task BKD_10_VariableChangedAfterCaching_NextRequestUsesNewValue()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "OPENAI_KEY", value = "sk-variable-one-012345" });
        await _host.CreateAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "{{OPENAI_KEY}}" } });
        Assert.Equal("Bearer sk-variable-one-012345", await InjectedAsync());

        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "OPENAI_KEY", value = "sk-variable-two-012345" });

        Assert.Equal("Bearer sk-variable-two-012345", await InjectedAsync());
        // Only the reference is cached, never the variable's value.
        Assert.Equal("{{OPENAI_KEY}}", Text(Assert.Single(Cache.CachedValuesFor("svc"))));
    }

    [Fact]
    public void TryClone_OtherVersionOrCreationTime_Miss()
    {
        using var cache = new ConnectionSecretCache();
        using var map = Map("k", Secret);
        cache.Add("svc", 2, Created, map, cache.Generation);

        Assert.Null(cache.TryClone("svc", 1, Created));
        Assert.Null(cache.TryClone("svc", 3, Created));
        Assert.Null(cache.TryClone("svc", 2, Created.AddMilliseconds(1)));
        Assert.Null(cache.TryClone("other", 2, Created));
        using var hit = cache.TryClone("svc", 2, Created);
        Assert.NotNull(hit);
    }

    [Fact]
    public void TryClone_Hit_CallerOwnsAnIndependentCopy()
    {
        using var cache = new ConnectionSecretCache();
        using var map = Map("k", Secret);
        cache.Add("svc", 1, Created, map, cache.Generation);

        var copy = cache.TryClone("svc", 1, Created)!;
        copy.Dispose();

        using var again = cache.TryClone("svc", 1, Created)!;
        Assert.True(again.TryGet("k", out var value));
        Assert.Equal(Secret, Text(value));
    }

    [Fact]
    public void Add_FullCache_StaysBoundedAndZeroesTheEvictedEntry()
    {
        using var cache = new ConnectionSecretCache(capacity: 2);
        using var a = Map("k", "sk-a-0123456789");
        using var b = Map("k", "sk-b-0123456789");
        using var c = Map("k", "sk-c-0123456789");
        cache.Add("a", 1, Created, a, cache.Generation);
        cache.Add("b", 1, Created, b, cache.Generation);
        var before = new[] { "a", "b" }.SelectMany(cache.CachedValuesFor).ToList();

        cache.Add("c", 1, Created, c, cache.Generation);

        Assert.Equal(2, cache.Count);
        Assert.Single(before, value => value.AsSpan().ContainsAnyExcept((byte)0));
        Assert.Single(before, value => !value.AsSpan().ContainsAnyExcept((byte)0));
        Assert.NotNull(cache.TryClone("c", 1, Created));
    }

    [Fact]
    public void Add_NewVersionOfSameConnection_ReplacesAndZeroesTheOld()
    {
        using var cache = new ConnectionSecretCache();
        using var v1 = Map("k", "sk-v1-0123456789");
        using var v2 = Map("k", "sk-v2-0123456789");
        cache.Add("svc", 1, Created, v1, cache.Generation);
        var old = Assert.Single(cache.CachedValuesFor("svc"));

        cache.Add("svc", 2, Created, v2, cache.Generation);

        Assert.All(old, b => Assert.Equal(0, b));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Add_InvalidatedSinceTheRead_NotCached()
    {
        using var cache = new ConnectionSecretCache();
        using var stale = Map("k", "sk-stale-0123456789");
        var generation = cache.Generation;

        // A write lands between this fill's store read and its Add: what it read may be the old value.
        cache.Invalidate("svc");
        cache.Add("svc", 1, Created, stale, generation);

        Assert.Null(cache.TryClone("svc", 1, Created));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Add_CallerKeepsItsOwnMap()
    {
        using var cache = new ConnectionSecretCache();
        var map = Map("k", Secret);
        cache.Add("svc", 1, Created, map, cache.Generation);

        map.Dispose();

        using var hit = cache.TryClone("svc", 1, Created)!;
        Assert.True(hit.TryGet("k", out var value));
        Assert.Equal(Secret, Text(value));
    }

    [Fact]
    public void Dispose_EveryCachedValueZeroed()
    {
        var cache = new ConnectionSecretCache();
        using var map = Map("k", Secret);
        cache.Add("svc", 1, Created, map, cache.Generation);
        var cached = Assert.Single(cache.CachedValuesFor("svc"));

        cache.Dispose();

        Assert.All(cached, b => Assert.Equal(0, b));
        Assert.Null(cache.TryClone("svc", 1, Created));
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionSecretCache(capacity: 0));
}
