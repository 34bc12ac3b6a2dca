using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Attestations;

/// <summary>What an issuer puts into an intent attestation; <see cref="AttestationIssuer"/> adds times, jti and kid.</summary>
public sealed record AttestationDraft
{
    /// <summary><c>iss</c>, e.g. <c>sigil-core</c> or the control plane's issuer name.</summary>
    public required string Issuer { get; init; }

    /// <summary><c>aud</c>: the service that will consume it (e.g. <c>sigil-vault</c>).</summary>
    public required string Audience { get; init; }

    /// <summary><c>intentHash</c>: see <see cref="Intents.IntentCommitment"/>.</summary>
    public required string IntentHash { get; init; }

    /// <summary><c>sub</c>: the agent, if any.</summary>
    public string? Subject { get; init; }

    /// <summary><c>policyHash</c>, if any.</summary>
    public string? PolicyHash { get; init; }

    /// <summary><c>exp − iat</c>; 1 to 60 seconds.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>jti</c>; a random 128-bit value when null.</summary>
    public string? Jti { get; init; }

    /// <summary>Further claims (<c>agentId</c>, <c>framework</c>, ...); may not replace the ones above.</summary>
    public JsonObject? ExtraClaims { get; init; }
}
