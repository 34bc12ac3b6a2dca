using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// The proxy's view of the store: one version read per request, a full reload only when the version
/// moved, so `sigil-vault routes add` or `agents revoke` take effect on the next request without a
/// restart (OneCLI re-resolves rules per request too, sigil-vault-and-peers.md §1.2). The version comes from
/// <paramref name="version"/>: the SQLite file, or PostgreSQL's notifications (ADR 0068).
/// </summary>
internal sealed class VaultConfig(VaultStore store, IConfigVersionSource version) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly IConfigVersionSource _version = version;
    private volatile VaultSnapshot? _current;

    public async Task<VaultSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var version = _version.Read();
        var current = _current;
        if (current is not null && current.Version == version)
        {
            return current;
        }
        await _reload.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null || current.Version != version)
            {
                current = await store.LoadSnapshotAsync(cancellationToken);
                _current = current;
            }
            return current;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>
    /// The attestation signer's key (<c>ed25519:…</c>) for trust anchor <paramref name="kid"/> in the snapshot the last request
    /// read, or null. Never reloads: it runs on the audit writer's observer (the usage report of a release), which must not wait.
    /// </summary>
    public string? SignerKey(string? kid) =>
        kid is not null && _current?.Anchors.TryGetValue(kid, out var anchor) == true ? Protocol.Identity.AgentKeys.Format(anchor.Key.PublicKey) : null;

    public void Dispose()
    {
        _version.Dispose();
        _reload.Dispose();
    }
}
