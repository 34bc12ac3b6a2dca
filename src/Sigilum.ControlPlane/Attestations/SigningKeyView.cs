using System.Text.Json.Serialization;
using Sigilum.Core.Attestations;
using Sigilum.Protocol.Jose;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// A published attestation key with what an operator pins: the kid (also its RFC 7638 thumbprint) and
/// <c>sha256:</c> + hex of the raw key, the form <c>sigil-vault trust add --fingerprint</c> takes.
/// </summary>
internal sealed record SigningKeyView(
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("retired_at")] DateTimeOffset? RetiredAt)
{
    public static SigningKeyView From(SigningKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Kid, RawKeyFingerprint.Compute(key.PublicKey), key.RetiredAt is null ? "current" : "retired", key.CreatedAt, key.RetiredAt);
    }
}
