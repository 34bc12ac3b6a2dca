using System.Collections.Concurrent;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;

namespace Sigilum.Sdk.Signing;

/// <summary>
/// Opens each configured identity once per service provider and zeroes the keys when the provider is
/// disposed. The handler factory recreates handlers every few minutes; reading and validating the
/// identity file each time would be wasted work and keep more copies of the seed in memory.
/// </summary>
internal sealed class SigningIdentityCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Home, string Namespace), Lazy<SigningIdentity>> _identities = new();

    public SigningIdentity Get(SigilumSigningOptions options)
    {
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = options.HomeDirectory });
        var ns = store.ResolveNamespace(options.Namespace);
        if (!ns.IsSuccess)
        {
            throw new InvalidOperationException($"Sigilum signing is not configured: {ns.Error}");
        }
        var lazy = _identities.GetOrAdd((store.HomeDirectory, ns.Value), key => new Lazy<SigningIdentity>(() => Open(store, key.Namespace)));
        return lazy.Value;
    }

    public void Dispose()
    {
        foreach (var lazy in _identities.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }
        _identities.Clear();
    }

    private static SigningIdentity Open(IdentityStore store, string ns)
    {
        var record = store.LoadIdentity(ns);
        if (!record.IsSuccess)
        {
            throw new InvalidOperationException($"Sigilum signing is not configured: {record.Error}");
        }
        return SigningIdentity.FromRecord(record.Value);
    }
}
