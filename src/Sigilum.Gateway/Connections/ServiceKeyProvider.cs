using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The control-plane service API key per connection id (spec §3.5), in this order:
/// <c>SIGILUM_SERVICE_API_KEY_&lt;SUFFIX&gt;</c>, the key stored through the admin API, then
/// <c>SIGILUM_SERVICE_API_KEY</c>. Stored keys stay sealed in memory too (a small id → sealed bytes map,
/// filled from the store at start, refreshed by <see cref="ServiceKeyRefresher"/> and updated at once by
/// the admin PUT); <see cref="Find"/> opens one per call (one AES-GCM open, microseconds) and zeroes the bytes.
/// Sigilum's per-id key files are not read: keys live in the shared store so every instance has them.
/// </summary>
internal sealed class ServiceKeyProvider(ConnectionSealer sealer, ConnectionOptions options) : IServiceKeyProvider
{
    public const string DefaultVariable = "SIGILUM_SERVICE_API_KEY";

    private ConcurrentDictionary<string, byte[]> _sealed = new(StringComparer.Ordinal);

    public string? Find(string connectionId) => FindWithSource(connectionId).Key;

    /// <summary>The effective key and where it came from (<c>env</c>, <c>store</c> or <c>default</c>).</summary>
    public (string? Key, string? Source) FindWithSource(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (NonEmpty(options.GetEnvironment(DefaultVariable + "_" + Suffix(connectionId))) is { } fromEnvironment)
        {
            return (fromEnvironment, "env");
        }
        if (_sealed.TryGetValue(connectionId, out var sealedKey) && sealer.Open(sealedKey, ConnectionSealer.ServiceKeyBinding(connectionId)) is { } bytes)
        {
            try
            {
                return (Encoding.UTF8.GetString(bytes), "store");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
        return NonEmpty(options.GetEnvironment(DefaultVariable)) is { } fallback ? (fallback, "default") : (null, null);
    }

    /// <summary>Records a key just written by the admin API on this instance.</summary>
    public void Remember(string connectionId, byte[] sealedKey) => _sealed[connectionId] = sealedKey;

    /// <summary>Replaces the map with the store's current keys.</summary>
    public async Task ReloadAsync(IConnectionStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keys = await store.ListServiceKeysAsync(cancellationToken);
        _sealed = new ConcurrentDictionary<string, byte[]>(keys.Select(k => KeyValuePair.Create(k.ConnectionId, k.SealedKey)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Spec §3.5: the id upper-cased, every run of non-alphanumerics replaced by one <c>_</c>, trimmed of
    /// <c>_</c>; <c>DEFAULT</c> when nothing is left.
    /// </summary>
    public static string Suffix(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        var builder = new StringBuilder(connectionId.Length);
        foreach (var c in connectionId.ToUpperInvariant())
        {
            if (c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length == 0 || builder[^1] != '_')
            {
                builder.Append('_');
            }
        }
        var suffix = builder.ToString().Trim('_');
        return suffix.Length == 0 ? "DEFAULT" : suffix;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
