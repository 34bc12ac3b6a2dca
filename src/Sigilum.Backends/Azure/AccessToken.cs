namespace Sigilum.Backends.Azure;

/// <summary>A bearer token for one resource; never logged.</summary>
internal sealed record AccessToken(string Value, string Resource, DateTimeOffset ExpiresAt)
{
    /// <summary>Refreshed five minutes before expiry, like the Azure SDK.</summary>
    public bool IsFresh(DateTimeOffset now) => now < ExpiresAt - TimeSpan.FromMinutes(5);
}
