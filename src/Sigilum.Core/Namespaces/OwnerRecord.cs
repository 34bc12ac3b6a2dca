namespace Sigilum.Core.Namespaces;

/// <summary>The person who owns a namespace. <see cref="PasswordHash"/> is optional (PBKDF2, never the password).</summary>
public sealed record OwnerRecord
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public string? Email { get; init; }

    public string? PasswordHash { get; init; }

    /// <summary>The owner's own agent key (<c>ed25519:…</c>) when created from a local identity.</summary>
    public string? PublicKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
