namespace Sigilum.Core.Agents;

/// <summary>An agent key seen in a namespace.</summary>
public sealed record AgentRecord
{
    public required string Namespace { get; init; }

    /// <summary><c>ed25519:…</c>.</summary>
    public required string PublicKey { get; init; }

    public required string KeyId { get; init; }

    public string? Name { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSeenAt { get; init; }
}
