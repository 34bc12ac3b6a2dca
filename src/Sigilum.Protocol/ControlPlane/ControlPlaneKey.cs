using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.ControlPlane;

/// <summary>
/// The control plane's public key as it is pinned and shown (ADR 0024): the raw 32-byte Ed25519 key, unpadded
/// base64url, and a short fingerprint (<c>SHA256:</c> + the first 16 hex digits of its SHA-256) for people to compare.
/// </summary>
public static class ControlPlaneKey
{
    /// <summary>Decodes a pinned key; false unless it is exactly 32 bytes of unpadded base64url.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out byte[]? publicKey)
    {
        publicKey = null;
        if (string.IsNullOrWhiteSpace(text) || !Base64Url.TryDecode(text.Trim(), out var bytes) || bytes.Length != Ed25519.PublicKeySize)
        {
            return false;
        }
        publicKey = bytes;
        return true;
    }

    /// <summary>Encodes a 32-byte public key for pinning.</summary>
    public static string Format(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == Ed25519.PublicKeySize ? Base64Url.Encode(publicKey) : throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));

    /// <summary>The fingerprint shown by status commands.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey) =>
        "SHA256:" + Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16];
}
