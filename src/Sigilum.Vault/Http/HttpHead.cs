namespace Sigilum.Vault.Http;

/// <summary>
/// A parsed HTTP/1.1 message head: the three start-line parts (request: method, target, version;
/// response: version, status, reason) and the header fields in order, names as received.
/// </summary>
internal sealed class HttpHead(string first, string second, string third, List<KeyValuePair<string, string>> headers)
{
    public string First { get; } = first;

    public string Second { get; } = second;

    public string Third { get; } = third;

    public List<KeyValuePair<string, string>> Headers { get; } = headers;

    /// <summary>Request method (case-sensitive, RFC 9110 §9.1).</summary>
    public string Method => First;

    public string Target => Second;

    public string RequestVersion => Third;

    /// <summary>Every value of the field, in order (a list, no iterator: this runs several times per request, issue 13).</summary>
    public List<string> Values(string name)
    {
        var values = new List<string>(1);
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(value);
            }
        }
        return values;
    }

    public int Count(string name)
    {
        var count = 0;
        foreach (var (key, _) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The trimmed, non-empty members of a comma-separated field (e.g. the names <c>Connection</c> lists), in order.</summary>
    public List<string> Tokens(string name)
    {
        var tokens = new List<string>(0);
        foreach (var (key, value) in Headers)
        {
            if (!key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan(range).Trim();
                if (!token.IsEmpty)
                {
                    tokens.Add(token.ToString());
                }
            }
        }
        return tokens;
    }

    /// <summary>True when <paramref name="names"/> holds <paramref name="name"/>, compared as field names are (case-insensitive).</summary>
    public static bool ContainsName(IReadOnlyList<string> names, string name)
    {
        ArgumentNullException.ThrowIfNull(names);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The value when the field occurs exactly once; null when absent or repeated.</summary>
    public string? Single(string name)
    {
        string? found = null;
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    return null;
                }
                found = value;
            }
        }
        return found;
    }

    /// <summary>True when a comma-separated field (e.g. <c>Connection</c>) lists <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var (key, value) in Headers)
        {
            if (!key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan(range).Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
