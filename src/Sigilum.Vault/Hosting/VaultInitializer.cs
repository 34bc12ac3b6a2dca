using Sigilum.Vault.Audit;
using Sigilum.Vault.Ca;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary>
/// <c>sigil-vault init</c>: the store, the local CA and the node key, each created once and kept on later runs. On a
/// shared PostgreSQL store the CA and node key are still this node's own (ADR 0068); the store counts as existing once
/// any instance initialised it (its audience is set).
/// </summary>
internal static class VaultInitializer
{
    public static Task<VaultInitResult> InitializeAsync(VaultPaths paths, string? audience, TimeProvider time, CancellationToken cancellationToken = default) =>
        InitializeAsync(paths, VaultStoreLocation.Default, audience, time, cancellationToken);

    public static async Task<VaultInitResult> InitializeAsync(VaultPaths paths, VaultStoreLocation location, string? audience, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(location);
        var fileExisted = File.Exists(paths.Database);
        await using var store = await VaultStore.CreateAsync(paths, location, time, cancellationToken);
        var storeExisted = location.IsPostgres ? await store.GetSettingAsync("audience", cancellationToken) is not null : fileExisted;
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
