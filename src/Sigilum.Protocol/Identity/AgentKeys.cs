using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Identity;

/// <summary>Text forms of an agent's Ed25519 public key used on the wire and in identity records.</summary>
public static class AgentKeys
{
    /// <summary>Prefix of the <c>sigilum-agent-key</c> header and of record public keys.</summary>
    public const string Prefix = "ed25519:";

    /// <summary><c>ed25519:</c> + padded standard base64 of the raw 32-byte key.</summary>
    public static string Format(ReadOnlySpan<byte> publicKey) => Prefix + Base64Std.Encode(publicKey);

    /// <summary>Parses <c>ed25519:&lt;base64&gt;</c> into 32 raw bytes.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out byte[]? publicKey)
    {
        publicKey = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (!Base64Std.TryDecode(text[Prefix.Length..], out var bytes) || bytes.Length != Ed25519.PublicKeySize)
        {
            return false;
        }
        publicKey = bytes;
        return true;
    }

    /// <summary>
    /// The key id: <c>&lt;did&gt;#ed25519-</c> + lower-case hex of the first 8 bytes of SHA-256(public key).
    /// </summary>
    public static string KeyId(string did, ReadOnlySpan<byte> publicKey) => did + "#ed25519-" + Fingerprint(publicKey);

    /// <summary>Lower-case hex of the first 8 bytes of SHA-256(public key).</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(publicKey)[..8]);
}
