namespace Sigilum.Core.Services;

/// <summary>A service API key (<c>sk_live_…</c>). Only its SHA-256 is stored; the raw key is shown once.</summary>
public sealed record ServiceApiKeyRecord
{
    public required string Id { get; init; }

    public required string ServiceId { get; init; }

    public required string Name { get; init; }

    /// <summary>Lower-case hex SHA-256 of the raw key.</summary>
    public required string KeyHash { get; init; }

    /// <summary>The last four characters, for display (<c>…a1b2</c>).</summary>
    public required string Last4 { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
