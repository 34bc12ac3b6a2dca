using Sigilum.Testing;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Ca;

/// <summary>PRX-24: leaves only for canonical, exact, validated names, and a cache that cannot grow without bound.</summary>
public sealed class LeafCacheBoundsTests
{
    [Fact]
    public async Task PRX_24_MoreDistinctHostsThanCapacity_CacheEmptiedNotGrown()
    {
        using var home = new TempDirectory("sigil-vault-leaf-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await Hosting.VaultInitializer.InitializeAsync(paths, null, TimeProvider.System);
        using var ca = LocalCa.Load(paths, TimeProvider.System);
        using var cache = new LeafCertificateCache(ca, TimeProvider.System, capacity: 2);

        var first = cache.Get("a.example.com");
        Assert.Same(first, cache.Get("a.example.com"));
        cache.Get("b.example.com");
        cache.Get("c.example.com");

        // The third distinct name emptied the cache: "a" is minted afresh instead of kept alongside.
        Assert.NotSame(first, cache.Get("a.example.com"));
    }

    [Theory]
    [InlineData("*.example.com:443")]
    [InlineData("bücher.example:443")]
    [InlineData("аpple.com:443")]
    [InlineData("overlong")]
    public void PRX_24_WildcardIdnUnicodeOrOverlongName_NeverAValidTarget(string text)
    {
        text = text == "overlong" ? string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".com:443" : text;

        Assert.False(TargetAuthority.TryParse(text, null, out _));
    }

    [Fact]
    public void PRX_24_PunycodeName_AcceptedAsItsCanonicalAsciiForm()
    {
        Assert.True(TargetAuthority.TryParse("XN--BCHER-KVA.example:443", null, out var authority));
        Assert.Equal("xn--bcher-kva.example", authority.Host);
    }
}
