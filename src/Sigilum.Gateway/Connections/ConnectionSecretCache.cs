using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The opened secret map of each connection's current secret version, so a request does not read the sealed row and
/// decrypt it again (issue #13: about a fifth of the connection step's cost per request). Keyed by connection id and
/// checked against the version and creation time of the connection row the caller has just read, so a rotation, a
/// delete-and-recreate or a change made by another instance on the shared store is a miss, never a stale hit. The
/// connection row itself is still read on every request (status, version, rotation due date): a disable or rotation on
/// any instance applies to the next request everywhere, as before.
/// </summary>
/// <remarks>
/// <para>What is cached is only what the connection's own sealed row holds, before credential variables or backend
/// values are filled in: those are still resolved per request, so nothing fetched for one request, agent or connection
/// is served to another (reliability BKD-10). Callers get a <see cref="SecretMap.Clone"/> they own and zero.</para>
/// <para>Bounded (<see cref="Capacity"/> connections): adding to a full cache evicts one entry. Every map that leaves
/// the cache, by eviction, replacement, <see cref="Invalidate"/> or <see cref="Dispose"/>, is zeroed under its entry's
/// lock, so a concurrent clone either completes before the zeroing or sees the entry as gone (a miss). The echo
/// scrubber's spellings derived from an entry (<see cref="TryLeaseSpellings"/>) leave with it; they are zeroed when the
/// last response still scrubbing with them releases its reference.</para>
/// </remarks>
internal sealed class ConnectionSecretCache : IDisposable
{
    /// <summary>Connections kept when none is configured: far above any one gateway's connection count.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // Raised by every invalidation: a fill that started before it (and so may hold what was just replaced) is dropped.
    private long _generation;

    public ConnectionSecretCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The generation to pass to <see cref="Add"/> for a fill that reads the store after this call.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// A copy (the caller's to dispose) of the map cached for <paramref name="connectionId"/> at exactly
    /// <paramref name="version"/> of the connection created at <paramref name="createdAt"/>; null on a miss.
    /// </summary>
    public SecretMap? TryClone(string connectionId, int version, DateTimeOffset createdAt)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(connectionId, out entry) || entry.Version != version || entry.CreatedAt != createdAt)
            {
                return null;
            }
        }
        return entry.TryClone();
    }

    /// <summary>
    /// Keeps a copy of <paramref name="secrets"/> (the caller keeps its own map) unless an invalidation happened since
    /// <paramref name="generation"/> was read; replaces and zeroes whatever was cached for the connection.
    /// </summary>
    public void Add(string connectionId, int version, DateTimeOffset createdAt, SecretMap secrets, long generation)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(secrets);
        var entry = new Entry(version, createdAt, secrets.Clone());
        Entry? evicted = null;
        Entry? replaced;
        lock (_gate)
        {
            if (generation != _generation)
            {
                replaced = entry;
            }
            else
            {
                _entries.Remove(connectionId, out replaced);
                if (_entries.Count >= Capacity)
                {
                    // Any victim will do: a miss costs one store read and one decryption.
                    var victim = _entries.Keys.First();
                    _entries.Remove(victim, out evicted);
                }
                _entries[connectionId] = entry;
            }
        }
        replaced?.Dispose();
        evicted?.Dispose();
    }

    /// <summary>
    /// A reference (the caller's to release with <see cref="SecretSpellings.ReleaseReference"/>) on the echo scrubber's
    /// spellings of <paramref name="secrets"/>, derived once per cached version (ADR 0044): built from
    /// <paramref name="secrets"/> on the first call for this entry or when <paramref name="shape"/> (what else decides the
    /// scrubbed values: the auth key and prefix) changed, reused otherwise. Null on a miss (no entry for exactly this
    /// version): the caller scrubs with spellings of its own. Only for values that came from the cached map alone
    /// (no credential variable, no backend value), so the same version always means the same values.
    /// </summary>
    public SecretSpellings? TryLeaseSpellings(string connectionId, int version, DateTimeOffset createdAt, string shape, IReadOnlyList<byte[]> secrets, string marker)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(secrets);
        Entry? entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(connectionId, out entry) || entry.Version != version || entry.CreatedAt != createdAt)
            {
                return null;
            }
        }
        return entry.TryLeaseSpellings(shape, secrets, marker);
    }

    /// <summary>Drops (and zeroes) what is cached for <paramref name="connectionId"/>: call after any write to the connection.</summary>
    public void Invalidate(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        Entry? removed;
        lock (_gate)
        {
            _generation++;
            _entries.Remove(connectionId, out removed);
        }
        removed?.Dispose();
    }

    /// <summary>Zeroes and drops every entry.</summary>
    public void Dispose()
    {
        List<Entry> all;
        lock (_gate)
        {
            _generation++;
            all = [.. _entries.Values];
            _entries.Clear();
        }
        foreach (var entry in all)
        {
            entry.Dispose();
        }
    }

    private sealed class Entry(int version, DateTimeOffset createdAt, SecretMap secrets) : IDisposable
    {
        private readonly Lock _gate = new();
        private bool _disposed;
        private SecretSpellings? _spellings;
        private string? _shape;

        public int Version { get; } = version;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public IReadOnlyList<byte[]> Values => [.. secrets.Entries.Select(e => e.Value)];

        public SecretMap? TryClone()
        {
            lock (_gate)
            {
                return _disposed ? null : secrets.Clone();
            }
        }

        /// <summary>For tests: the spellings this entry holds now (no reference taken).</summary>
        public SecretSpellings? Spellings => _spellings;

        public SecretSpellings? TryLeaseSpellings(string shape, IReadOnlyList<byte[]> values, string marker)
        {
            SecretSpellings? replaced = null;
            try
            {
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return null;
                    }
                    if (_spellings is null || !string.Equals(_shape, shape, StringComparison.Ordinal))
                    {
                        replaced = _spellings;
                        _spellings = new SecretSpellings(values, marker);
                        _shape = shape;
                    }
                    // The entry holds the creator's reference until it is disposed, so this cannot fail here.
                    return _spellings.TryAddReference() ? _spellings : null;
                }
            }
            finally
            {
                // Zeroed once the responses still scrubbing with it release their references.
                replaced?.Dispose();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                secrets.Dispose();
                _spellings?.Dispose();
                _spellings = null;
            }
        }
    }

    /// <summary>For tests: the echo spellings cached for <paramref name="connectionId"/> (no reference taken), or null.</summary>
    internal SecretSpellings? CachedSpellingsFor(string connectionId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(connectionId, out var entry) ? entry.Spellings : null;
        }
    }

    /// <summary>For tests: the very value arrays cached for <paramref name="connectionId"/> (to see them zeroed when they leave).</summary>
    internal IReadOnlyList<byte[]> CachedValuesFor(string connectionId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(connectionId, out var entry) ? entry.Values : [];
        }
    }
}
