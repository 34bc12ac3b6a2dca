namespace Sigilum.AspNetCore.Authentication;

/// <summary>Who signed a verified request.</summary>
public sealed record SignedCaller
{
    public required string Namespace { get; init; }

    public required string Subject { get; init; }

    /// <summary><c>ed25519:…</c>.</summary>
    public required string PublicKey { get; init; }

    public required string KeyId { get; init; }

    public string? AgentId { get; init; }
}
