using Sigilum.Testing;
using Sigilum.Vault.Hosting;

namespace Sigilum.Vault.Store;

/// <summary>The proxy's per-request version check on its long-lived connection: a change made elsewhere is seen on the next read.</summary>
public sealed class ConfigVersionReaderTests
{
    private static async Task<(TempDirectory Home, VaultStore Store)> StoreAsync()
    {
        var home = new TempDirectory("sigil-vault-version-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await VaultInitializer.InitializeAsync(paths, null, TimeProvider.System);
        return (home, await VaultStore.OpenAsync(paths, TimeProvider.System));
    }

    [Fact]
    public async Task Read_AfterAChangeThroughAnotherConnection_SeesTheNewVersion()
    {
        var (home, store) = await StoreAsync();
        using var _ = home;
        using var reader = await store.CreateVersionSourceAsync();
        var before = reader.Read();

        await store.AddAgentAsync(new VaultAgent("agt_new", "new", VaultStore.HashToken("svt_x"), TimeProvider.System.GetUtcNow(), null));
        var after = reader.Read();

        Assert.Equal(await store.GetVersionAsync(), after);
        Assert.True(after > before);
    }

    [Fact]
    public async Task Read_AfterDispose_Throws()
    {
        var (home, store) = await StoreAsync();
        using var _ = home;
        var reader = await store.CreateVersionSourceAsync();
        Assert.Equal(await store.GetVersionAsync(), reader.Read());

        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.Read());
    }
}
