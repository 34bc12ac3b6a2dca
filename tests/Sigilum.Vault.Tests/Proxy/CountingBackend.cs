using Sigilum.Backends;

namespace Sigilum.Vault.Proxy;

/// <summary>Wraps a real backend and counts fetches, so a test can assert "nothing reached the backend".</summary>
internal sealed class CountingBackend(ICredentialBackend inner, Func<CancellationToken, Task>? before = null) : ICredentialBackend
{
    private int _fetches;

    public int Fetches => _fetches;

    public string Name => inner.Name;

    public string Kind => inner.Kind;

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        if (before is not null)
        {
            await before(cancellationToken);
        }
        return await inner.FetchAsync(reference, cancellationToken);
    }

    public Task<BackendError?> TestAsync(CancellationToken cancellationToken) => inner.TestAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
