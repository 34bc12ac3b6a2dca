using System.Collections.Concurrent;
using System.Text.Json;
using Sigilum.Backends;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

/// <summary>
/// Live backends built with <see cref="BackendFactory.Create"/> (so kinds added there appear here),
/// one per distinct definition. A changed definition gets a new instance; replaced instances are
/// disposed when the proxy stops, since a request may still be using one.
/// </summary>
internal sealed class BackendRegistry(Func<BackendDefinition, BackendContext, (ICredentialBackend? Backend, IReadOnlyList<string> Errors)> factory, BackendContext context) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(ICredentialBackend? Backend, IReadOnlyList<string> Errors)>> _built = new(StringComparer.Ordinal);

    public (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Get(BackendConfig config)
    {
        var key = config.Name + "\n" + config.Kind + "\n" + JsonSerializer.Serialize(config.Options.OrderBy(o => o.Key, StringComparer.Ordinal));
        return _built.GetOrAdd(key, _ => new Lazy<(ICredentialBackend?, IReadOnlyList<string>)>(() => factory(config.ToDefinition(), context))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _built.Values.Where(v => v.IsValueCreated))
        {
            if (entry.Value.Backend is { } backend)
            {
                await backend.DisposeAsync();
            }
        }
        _built.Clear();
    }
}
