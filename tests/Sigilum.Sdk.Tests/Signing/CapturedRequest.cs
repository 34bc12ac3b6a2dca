namespace Sigilum.Sdk.Signing;

/// <summary>What reached the wire: method, target URI as a gateway rebuilds it, headers and body bytes.</summary>
internal sealed record CapturedRequest(
    string Method,
    string TargetUri,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? ContentType)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
