namespace Sigilum.ControlPlane.Dashboard.Pending;

/// <summary>
/// The approval lifetimes the approve form offers. A posted value not in this list is refused (a crafted form
/// cannot ask for another one); the seconds then pass the same scope rules as the API's <c>expires_in_seconds</c>.
/// </summary>
public static class ExpiryChoices
{
    public sealed record Choice(string Value, string Label, long? Seconds);

    public static readonly IReadOnlyList<Choice> All =
    [
        new("none", "No expiry", null),
        new("1h", "1 hour", 3600),
        new("8h", "8 hours", 8 * 3600),
        new("1d", "1 day", 24 * 3600),
        new("7d", "7 days", 7 * 24 * 3600),
        new("30d", "30 days", 30 * 24 * 3600),
    ];

    public static Choice? Find(string? value) => All.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.Ordinal));
}
