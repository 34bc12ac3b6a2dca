using System.Security.Cryptography.X509Certificates;
using Sigilum.Testing;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Ca;

public sealed class LocalCaTests
{
    [Fact]
    public void PRX_24_MintLeafForHost_ChainsToRootAndNamesOnlyThatHost()
    {
        using var home = new TempDirectory();
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        using var ca = LocalCa.Create(paths, TimeProvider.System);

        using var leaf = ca.MintLeaf("api.example.com", LeafCertificateCache.Lifetime, TimeProvider.System);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf));
        Assert.True(leaf.MatchesHostname("api.example.com"));
        Assert.False(leaf.MatchesHostname("other.example.com"));
        Assert.True(leaf.NotAfter - leaf.NotBefore <= TimeSpan.FromHours(24.2));
    }

    [Fact]
    public void Create_KeyFileIsOwnerOnly()
    {
        using var home = new TempDirectory();
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        LocalCa.Create(paths, TimeProvider.System).Dispose();

        Assert.False(OperatingSystem.IsWindows(), "Unix file modes are what this test checks.");
#pragma warning disable CA1416 // Guarded above.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.CaKey));
#pragma warning restore CA1416
    }

    [Fact]
    public void PRX_23_LoadExpiredCa_Refused()
    {
        using var home = new TempDirectory();
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        LocalCa.Create(paths, TimeProvider.System).Dispose();
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(11));

        var error = Assert.Throws<InvalidOperationException>(() => LocalCa.Load(paths, later));

        Assert.Contains("not valid now", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PRX_23_LoadMissingCa_RefusedNotRegenerated()
    {
        using var home = new TempDirectory();
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));

        Assert.Throws<InvalidOperationException>(() => LocalCa.Load(paths, TimeProvider.System));
        Assert.False(File.Exists(paths.CaKey));
    }

    [Fact]
    public void LeafCache_SameHost_ReusesLeaf()
    {
        using var home = new TempDirectory();
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        using var ca = LocalCa.Create(paths, TimeProvider.System);
        using var cache = new LeafCertificateCache(ca, TimeProvider.System, capacity: 2);

        var first = cache.Get("a.example.com");
        var again = cache.Get("a.example.com");
        cache.Get("b.example.com");
        cache.Get("c.example.com");

        Assert.Same(first, again);
        Assert.True(cache.Count <= 2);
    }
}
