using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The connection rows the proxy last read, each with the store's change stamp read just before it (issue #13,
/// ADR 0033). A row is served again only while the store's stamp still reads the same value
/// (<see cref="IConnectionStore.ReadChangeStamp"/>): nothing was committed to the store in between, by this instance
/// or any other, so the row read now would be the same row. Any commit — a disable, rotation or delete through
/// another instance on the shared file included — changes the stamp, and the next request reads the row again.
/// A store without a stamp (PostgreSQL) never fills this cache: every request reads the row, as before.
/// </summary>
/// <remarks>
/// Holds no secret (the row carries only key names; opened values are <see cref="ConnectionSecretCache"/>'s). Bounded
/// by <see cref="Capacity"/>; every admin write also drops its connection's entry, though the stamp alone would miss it.
/// </remarks>
internal sealed class ConnectionRowCache(int capacity = ConnectionSecretCache.DefaultCapacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // Raised by every invalidation: a fill that started before it may hold what was just replaced, so it is dropped.
    private long _generation;

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>The generation to pass to <see cref="Add"/> for a fill that reads the store after this call.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>The row cached for <paramref name="connectionId"/> if it was read after exactly <paramref name="stamp"/>; else null.</summary>
    public ConnectionRecord? TryGet(string connectionId, long stamp)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(connectionId, out var entry) && entry.Stamp == stamp ? entry.Row : null;
        }
    }

    /// <summary>Keeps <paramref name="row"/>, read after <paramref name="stamp"/>, unless an invalidation happened since <paramref name="generation"/>.</summary>
    public void Add(string connectionId, long stamp, ConnectionRecord row, long generation)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }
            if (!_entries.ContainsKey(connectionId) && _entries.Count >= Capacity)
            {
                // Any victim will do: a miss costs one row read.
                foreach (var victim in _entries.Keys)
                {
                    _entries.Remove(victim);
                    break;
                }
            }
            _entries[connectionId] = new Entry(stamp, row);
        }
    }

    /// <summary>Drops the row cached for <paramref name="connectionId"/>: call after any write to the connection.</summary>
    public void Invalidate(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_gate)
        {
            _generation++;
            _entries.Remove(connectionId);
        }
    }

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

    private sealed record Entry(long Stamp, ConnectionRecord Row);
}
