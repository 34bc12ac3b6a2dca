namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Case-insensitive view of the profile's headers, built once per verification: one slot per name of
/// <see cref="SigilumHeaders.All"/> (a short array rather than a dictionary: issue #13).
/// </summary>
internal sealed class HeaderTable
{
    private readonly string?[] _values = new string?[SigilumHeaders.All.Count];

    private HeaderTable()
    {
    }

    /// <summary>Collects profile headers; <paramref name="duplicated"/> names the first one seen twice.</summary>
    public static HeaderTable From(IReadOnlyList<KeyValuePair<string, string>> headers, out string? duplicated)
    {
        duplicated = null;
        var table = new HeaderTable();
        foreach (var (name, value) in headers)
        {
            var slot = SlotOf(name);
            if (slot < 0)
            {
                continue;
            }
            if (table._values[slot] is not null)
            {
                duplicated = name.ToLowerInvariant();
                return table;
            }
            table._values[slot] = value;
        }
        return table;
    }

    public string? Get(string name)
    {
        var slot = SlotOf(name);
        return slot < 0 ? null : _values[slot];
    }

    private static int SlotOf(string name)
    {
        var known = SigilumHeaders.All;
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(known[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
