namespace Sigilum.Core.Nodes;

/// <summary>A gateway or vault registered to a namespace with its own Ed25519 key.</summary>
public sealed record DataPlaneNode
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required DataPlaneKind Kind { get; init; }

    public required string Name { get; init; }

    /// <summary><c>ed25519:…</c>.</summary>
    public required string PublicKey { get; init; }

    public string? Version { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset? LastSeenAt { get; init; }
}
