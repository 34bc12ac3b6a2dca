namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// The control plane as a Sigil-Sign-compatible attestation issuer (section <c>ControlPlane:Attestations</c>).
/// Defaults follow sigil-vault-and-peers.md §1.4: lifetimes well under 60 s, rotation at least every 90
/// days, retired keys published for 60 s + 24 h.
/// </summary>
public sealed class AttestationOptions
{
    /// <summary><c>iss</c> of every attestation; a Vault lists it among its trusted issuers.</summary>
    public string Issuer { get; set; } = "sigilum-control-plane";

    /// <summary><c>aud</c> of every attestation: the verifier that consumes it.</summary>
    public string Audience { get; set; } = "sigil-vault";

    /// <summary><c>exp − iat</c> in seconds (1-60; verifiers refuse more than 60).</summary>
    public int LifetimeSeconds { get; set; } = 30;

    /// <summary>A signing key older than this is retired and replaced (on start and lazily on issue).</summary>
    public int KeyRotationDays { get; set; } = 90;

    /// <summary>How long a retired key stays in the JWKS; 60 s + 24 h as Sigil requires of signers.</summary>
    public int RetiredKeyGraceSeconds { get; set; } = 60 + (24 * 3600);

    /// <summary>Pending holds a namespace may have before <c>/v1/authorize</c> stops filing new ones.</summary>
    public int MaxPendingHoldsPerNamespace { get; set; } = 1000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || Issuer.Length > 256 || string.IsNullOrWhiteSpace(Audience) || Audience.Length > 256)
        {
            throw new InvalidOperationException("ControlPlane:Attestations:Issuer and Audience must be 1-256 characters.");
        }
        if (LifetimeSeconds is < 1 or > 60)
        {
            throw new InvalidOperationException("ControlPlane:Attestations:LifetimeSeconds must be 1-60 (verifiers refuse longer lifetimes).");
        }
        if (KeyRotationDays is < 1 or > 90)
        {
            throw new InvalidOperationException("ControlPlane:Attestations:KeyRotationDays must be 1-90 (Sigil signers rotate at least every 90 days).");
        }
        // A retired key must outlive every attestation it signed, or valid tokens stop verifying.
        if (RetiredKeyGraceSeconds < 60 || RetiredKeyGraceSeconds > 30 * 24 * 3600)
        {
            throw new InvalidOperationException("ControlPlane:Attestations:RetiredKeyGraceSeconds must be 60 s to 30 days.");
        }
        if (MaxPendingHoldsPerNamespace is < 1 or > 1_000_000)
        {
            throw new InvalidOperationException("ControlPlane:Attestations:MaxPendingHoldsPerNamespace must be 1-1000000.");
        }
    }
}
