namespace Sigilum.Core.Attestations;

/// <summary>
/// An attestation signing key of the control plane. The seed is sealed with the master key; retired
/// keys stay published in the JWKS for a grace period so attestations already issued still verify.
/// </summary>
public sealed record SigningKeyRecord
{
    public required string Kid { get; init; }

    /// <summary>Raw 32-byte Ed25519 public key.</summary>
    public required byte[] PublicKey { get; init; }

    public required byte[] SealedSeed { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }
}
