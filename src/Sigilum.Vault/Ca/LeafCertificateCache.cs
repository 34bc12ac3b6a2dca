using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sigilum.Vault.Ca;

/// <summary>
/// Leaves minted per host by the <see cref="LocalCa"/>, cached while more than an hour of their
/// 24-hour life remains (the OneCLI/mitmproxy practice, reliability §1.6). The cache is bounded
/// (PRX-24): when full it is emptied rather than grown, and only names that already passed the
/// route and egress checks ever reach it.
/// </summary>
internal sealed class LeafCertificateCache(LocalCa ca, TimeProvider time, int capacity = 1024) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SslStreamCertificateContext Get(string host)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(host, out var entry) && entry.NotAfter - now > RenewBefore)
        {
            return entry.Context;
        }
        lock (_gate)
        {
            if (_entries.TryGetValue(host, out entry) && entry.NotAfter - now > RenewBefore)
            {
                return entry.Context;
            }
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
            var leaf = ca.MintLeaf(host, Lifetime, time);
            var context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(), offline: true);
            entry = new Entry(context, new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
            _entries[host] = entry;
            return context;
        }
    }

    public int Count => _entries.Count;

    public void Dispose() => _entries.Clear();

    private sealed record Entry(SslStreamCertificateContext Context, DateTimeOffset NotAfter);
}
