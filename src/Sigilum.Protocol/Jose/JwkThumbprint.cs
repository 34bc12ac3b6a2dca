using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// RFC 7638 JWK thumbprint with SHA-256: the hash of the required members in lexicographic order
/// without whitespace, here <c>{"crv":"Ed25519","kty":"OKP","x":"..."}</c> (RFC 8037 §2), returned as
/// unpadded base64url. Optional members (<c>kid</c>, <c>use</c>, <c>alg</c>) never change it.
/// </summary>
public static class JwkThumbprint
{
    /// <summary>Thumbprint of a JWK.</summary>
    public static string Compute(Jwk jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        // x is base64url, so no member value needs JSON escaping and plain concatenation is canonical.
        var canonical = "{\"crv\":\"" + Jwk.Curve + "\",\"kty\":\"" + Jwk.KeyType + "\",\"x\":\"" + jwk.X + "\"}";
        return Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Thumbprint of a raw 32-byte Ed25519 public key.</summary>
    public static string Compute(ReadOnlySpan<byte> publicKey) => Compute(Jwk.FromPublicKey(publicKey));
}
