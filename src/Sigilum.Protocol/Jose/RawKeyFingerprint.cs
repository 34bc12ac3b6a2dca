using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// Trust-anchor pin for a raw Ed25519 key: <c>sha256:</c> + lower-case hex of SHA-256 over the 32 raw
/// key bytes, the form <c>sigil-vault trust add --fingerprint</c> takes. This is not the RFC 7638
/// thumbprint (see <see cref="JwkThumbprint"/>), which hashes JSON and is base64url.
/// </summary>
public static class RawKeyFingerprint
{
    /// <summary>The prefix every fingerprint carries.</summary>
    public const string Prefix = "sha256:";

    /// <summary>Fingerprint of a 32-byte public key.</summary>
    public static string Compute(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes.", nameof(publicKey));
        }
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(publicKey));
    }

    /// <summary>
    /// Reads a pin typed by an operator: <c>sha256:</c> then 64 hex digits. Hex case is forgiven
    /// (it carries no meaning); anything else is refused.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (text is null || text.Length != Prefix.Length + 64 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var hex = text.AsSpan(Prefix.Length);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        normalized = Prefix + hex.ToString().ToLowerInvariant();
        return true;
    }

    /// <summary>True when <paramref name="pin"/> is a well-formed fingerprint of <paramref name="publicKey"/>.</summary>
    public static bool Matches(string? pin, ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == Ed25519.PublicKeySize && TryParse(pin, out var normalized) &&
        string.Equals(normalized, Compute(publicKey), StringComparison.Ordinal);
}
