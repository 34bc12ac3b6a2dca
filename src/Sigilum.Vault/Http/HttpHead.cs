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

    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public int Count(string name) => Headers.Count(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

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
    public bool HasToken(string name, string token) =>
        Values(name).SelectMany(v => v.Split(',')).Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));
}
