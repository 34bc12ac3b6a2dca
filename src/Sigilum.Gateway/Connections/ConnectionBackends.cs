using Sigilum.Backends;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The gateway's configured credential backends, built once at start through <see cref="BackendFactory"/>
/// (so single-flight, the TTL-bounded cache and throttling backoff come with every network kind). A bad
/// definition stops the gateway from starting with a message that names the backend and option, never a value.
/// </summary>
internal sealed class ConnectionBackends : IAsyncDisposable
{
    private const string AwsStsKind = "aws-sts";

    private readonly Dictionary<string, ICredentialBackend> _backends;

    private ConnectionBackends(Dictionary<string, ICredentialBackend> backends) => _backends = backends;

    public IEnumerable<(string Name, string Kind)> Configured => _backends.Values.Select(b => (b.Name, b.Kind));

    public bool TryGet(string name, out ICredentialBackend backend) => _backends.TryGetValue(name, out backend!);

    /// <summary>Builds every definition; throws <see cref="InvalidOperationException"/> listing every problem when any is wrong.</summary>
    public static ConnectionBackends Create(IReadOnlyList<GatewayBackendOptions> definitions, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var built = new Dictionary<string, ICredentialBackend>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var definition in definitions)
        {
            var name = definition.Name?.Trim() ?? string.Empty;
            if (!BackendPlaceholder.TryParse($"{{{{backend:{name}:x}}}}", out var parsed) || parsed!.BackendName != name)
            {
                problems.Add($"Gateway:Backends: '{name}' is not a valid backend name (letters, digits, '.', '_', '-'; up to 63).");
                continue;
            }
            if (built.ContainsKey(name))
            {
                problems.Add($"Gateway:Backends: the name '{name}' is used twice.");
                continue;
            }
            if (string.Equals(definition.Kind?.Trim(), AwsStsKind, StringComparison.Ordinal))
            {
                // Temporary AWS keys are used to sign a request (the vault's SigV4 re-signing), never injected as a header value.
                problems.Add($"Gateway:Backends: '{name}': kind '{AwsStsKind}' is for the vault proxy's SigV4 re-signing and cannot supply a connection secret.");
                continue;
            }
            var (backend, errors) = BackendFactory.Create(new BackendDefinition(name, definition.Kind?.Trim() ?? string.Empty, definition.Options ?? new Dictionary<string, string>()), context);
            if (backend is null)
            {
                problems.AddRange(errors.Select(e => $"Gateway:Backends: '{name}': {e}"));
                continue;
            }
            built[name] = backend;
        }
        if (problems.Count > 0)
        {
            foreach (var backend in built.Values)
            {
                // Nothing was fetched yet: dropping the HTTP handlers is all disposal does here.
                _ = backend.DisposeAsync().AsTask();
            }
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
        return new ConnectionBackends(built);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }
        _backends.Clear();
    }
}
