using Sigilum.Vault.Audit;
using Sigilum.Vault.Ca;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary><c>sigil-vault init</c>: the store, the local CA and the node key, each created once and kept on later runs.</summary>
internal static class VaultInitializer
{
    public static async Task<VaultInitResult> InitializeAsync(VaultPaths paths, string? audience, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var storeExisted = File.Exists(paths.Database);
        var store = await VaultStore.CreateAsync(paths, time, cancellationToken);
        if (audience is not null || !storeExisted)
        {
            await store.SetAudienceAsync(audience ?? VaultStore.DefaultAudience, cancellationToken);
        }
        var caCreated = false;
        if (!File.Exists(paths.CaCertificate) && !File.Exists(paths.CaKey))
        {
            LocalCa.Create(paths, time).Dispose();
            caCreated = true;
        }
        using (LocalCa.Load(paths, time))
        {
        }
        var keyCreated = false;
        if (!File.Exists(paths.NodeKey))
        {
            NodeKey.Create(paths.NodeKey).Dispose();
            keyCreated = true;
        }
        using (NodeKey.Load(paths.NodeKey))
        {
        }
        var current = await store.GetSettingAsync("audience", cancellationToken) ?? VaultStore.DefaultAudience;
        return new VaultInitResult(!storeExisted, caCreated, keyCreated, current);
    }
}
