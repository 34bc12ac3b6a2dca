using Sigilum.ControlPlane.Secrets;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Keys;

namespace Sigilum.ControlPlane.Signing;

/// <summary>
/// The control-plane key (ADR 0024): signs everything a gateway or vault accepts from this control plane (claims
/// stream events, relay commands, witness answers), which they verify against the key pinned at pairing. It is
/// derived from the master key, not the attestation key: attestation keys rotate on a schedule and are published
/// for agents' verifiers, while a pinned key must stay put until the operator re-pairs, and a stream signature must
/// never be usable as an attestation (or the reverse). Every instance sharing the master key signs with the same key.
/// </summary>
internal sealed class ControlPlaneSigner : IDisposable
{
    /// <summary>The HKDF purpose the key is derived for.</summary>
    public const string KeyPurpose = "control-plane-signing-key";

    private readonly Ed25519KeyPair _key;

    public ControlPlaneSigner(MasterKeyHolder masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        _key = masterKey.DeriveSigningKey(KeyPurpose);
        PublicKey = ControlPlaneKey.Format(_key.PublicKey);
        Fingerprint = ControlPlaneKey.Fingerprint(_key.PublicKey);
    }

    /// <summary>The public key data planes pin (unpadded base64url of the raw 32 bytes).</summary>
    public string PublicKey { get; }

    /// <summary>Its short fingerprint, for people comparing pins.</summary>
    public string Fingerprint { get; }

    /// <summary>Signs <paramref name="fields"/> for <paramref name="purpose"/> (see <see cref="ControlPlaneSignature"/>).</summary>
    public string Sign(string purpose, params ReadOnlySpan<string> fields) => ControlPlaneSignature.Sign(_key, purpose, fields);

    public void Dispose() => _key.Dispose();
}
