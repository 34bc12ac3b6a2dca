namespace Sigilum.Protocol.Attestations;

/// <summary>Policy for <see cref="AttestationValidator"/> (sigil-vault-and-peers.md §1.4 defaults).</summary>
public sealed record AttestationValidationOptions
{
    /// <summary>Issuers whose attestations are accepted (exact match), e.g. <c>sigil-core</c>.</summary>
    public required IReadOnlyCollection<string> TrustedIssuers { get; init; }

    /// <summary>Audiences that mean "us" (exact match); <c>aud</c> must contain one of them.</summary>
    public required IReadOnlyCollection<string> AcceptedAudiences { get; init; }

    /// <summary>The clock; validation reads it once.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Largest allowed <c>exp − iat</c>.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How far <c>iat</c>/<c>nbf</c> may lie in the future (clock skew). There is no grace on <c>exp</c>.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest accepted <c>jti</c>, in characters.</summary>
    public int MaxJtiLength { get; init; } = 256;

    /// <summary>
    /// When true, an array <c>aud</c> must hold exactly one value (reliability.md JWT-10's strict
    /// reading). The live signer may send arrays, so the default is "must contain".
    /// </summary>
    public bool RequireSingleAudience { get; init; }

    /// <summary>When set, <c>intentHash</c> must equal it: the hash recomputed from the request being authorised.</summary>
    public string? ExpectedIntentHash { get; init; }
}
