using System.Text.Json;

namespace Sigilum.Protocol.Attestations;

/// <summary>The checked claims of an intent attestation. Replay (the <c>jti</c>) is the caller's next step.</summary>
public sealed record AttestationClaims
{
    /// <summary><c>iss</c>, one of the trusted issuers.</summary>
    public required string Issuer { get; init; }

    /// <summary><c>sub</c>, if present.</summary>
    public string? Subject { get; init; }

    /// <summary><c>aud</c> as a list (a string <c>aud</c> becomes one element).</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary><c>iat</c>.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary><c>exp</c>; a replay store keeps the <c>jti</c> at least until then.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary><c>jti</c>, the replay identifier.</summary>
    public required string Jti { get; init; }

    /// <summary><c>intentHash</c>: 64 lower-case hex digits, SHA-256 of the <c>txCommit</c> hex text.</summary>
    public required string IntentHash { get; init; }

    /// <summary><c>policyHash</c>, opaque, if present.</summary>
    public string? PolicyHash { get; init; }

    /// <summary>The header <c>kid</c> of the key that signed it.</summary>
    public required string KeyId { get; init; }

    /// <summary>The whole payload, for claims this type does not surface (<c>agentId</c>, <c>delegation</c>, ...).</summary>
    public required JsonElement Payload { get; init; }
}
