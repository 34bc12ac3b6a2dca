namespace Sigilum.Protocol.Signatures;

/// <summary>Case-insensitive view of the profile's headers, built once per verification.</summary>
internal sealed class HeaderTable
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

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
            if (!IsProfileHeader(name))
            {
                continue;
            }
            if (!table._values.TryAdd(name, value))
            {
                duplicated = name.ToLowerInvariant();
                return table;
            }
        }
        return table;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    private static bool IsProfileHeader(string name)
    {
        foreach (var known in SigilumHeaders.All)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
