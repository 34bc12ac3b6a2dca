namespace Sigilum.Core.Sessions;

/// <summary>An owner credential. Only the SHA-256 of the token is stored.</summary>
public sealed record OwnerSession
{
    public required string TokenHash { get; init; }

    public required string OwnerId { get; init; }

    public required string Namespace { get; init; }

    public required OwnerSessionKind Kind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ConsumedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && ConsumedAt is null && now < ExpiresAt;
}
