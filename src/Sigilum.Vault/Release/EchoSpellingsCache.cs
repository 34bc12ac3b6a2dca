using System.Security.Cryptography;
using Sigilum.Core.Secrets;

namespace Sigilum.Vault.Release;

/// <summary>
/// The echo scrubber's spellings (PRX-18, ADR 0044) per backend and secret reference, derived once per value the
/// backend hands out instead of once per release (issue 13: some 20 pinned arrays and ~5 KB per request). A value is
/// recognised by an HMAC-SHA-256 tag under a key random per process, never by the value itself; another value (a
/// rotation, a new STS session token) derives new spellings and replaces the entry, whose spellings are zeroed once
/// the last response scanning with them is done (<see cref="SecretSpellings"/> counts references). The backends
/// already keep what they fetched for their cache's lifetime; these spellings live as long as the value is current.
/// </summary>
internal sealed class EchoSpellingsCache : IDisposable
{
    /// <summary>Routes × references a vault serves are few; past this many, spellings are the request's own.</summary>
    private const int MaxEntries = 1024;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Backend, string Reference), Entry> _entries = [];
    private bool _disposed;

    /// <summary>Spellings derived so far (a test hook: a second release of the same value derives none).</summary>
    public int Derived { get; private set; }

    /// <summary>
    /// A reference on the spellings of <paramref name="value"/>, the caller's to give back with
    /// <see cref="SecretSpellings.ReleaseReference"/> once its response is scrubbed.
    /// </summary>
    public SecretSpellings Lease(string backend, string reference, ReadOnlySpan<byte> value, string marker)
    {
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, value, tag);
        var key = (backend, reference);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && CryptographicOperations.FixedTimeEquals(entry.Tag, tag) &&
                entry.Spellings.TryAddReference())
            {
                return entry.Spellings;
            }
        }
        var spellings = SecretSpellings.For(value, marker);
        // The caller's reference; the creator's stays with the cache entry (or is given back at once when not cached).
        spellings.TryAddReference();
        Entry? replaced = null;
        var cached = false;
        lock (_gate)
        {
            Derived++;
            if (!_disposed && (_entries.ContainsKey(key) || _entries.Count < MaxEntries))
            {
                _entries.Remove(key, out replaced);
                _entries[key] = new Entry(tag.ToArray(), spellings);
                cached = true;
            }
        }
        replaced?.Spellings.Dispose();
        if (!cached)
        {
            spellings.Dispose();
        }
        return spellings;
    }

    /// <summary>Gives back the cache's references: every spelling is zeroed once no response scans with it.</summary>
    public void Dispose()
    {
        Entry[] entries;
        lock (_gate)
        {
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }
        foreach (var entry in entries)
        {
            entry.Spellings.Dispose();
        }
    }

    private sealed record Entry(byte[] Tag, SecretSpellings Spellings);
}
