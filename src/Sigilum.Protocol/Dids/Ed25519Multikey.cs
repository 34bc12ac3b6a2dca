using System.Diagnostics.CodeAnalysis;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Dids;

/// <summary>
/// An Ed25519 public key as a multibase multikey: <c>z</c> (base58btc) over the multicodec
/// <c>ed25519-pub</c> prefix <c>0xed 0x01</c> and the 32 raw key bytes, so it always starts
/// <c>z6Mk</c>. Used for <c>did:key</c> and for <c>publicKeyMultibase</c> in DID documents.
/// </summary>
public static class Ed25519Multikey
{
    private static readonly byte[] MulticodecPrefix = [0xed, 0x01];

    /// <summary>Encodes a 32-byte public key.</summary>
    public static string Encode(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes.", nameof(publicKey));
        }
        return "z" + Base58Btc.Encode([.. MulticodecPrefix, .. publicKey]);
    }

    /// <summary>Decodes the canonical multikey spelling of an Ed25519 key; false for anything else.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? publicKey)
    {
        publicKey = null;
        if (text is null || text.Length < 2 || text[0] != 'z' ||
            !Base58Btc.TryDecode(text[1..], out var bytes) ||
            bytes.Length != MulticodecPrefix.Length + Ed25519.PublicKeySize ||
            !bytes.AsSpan(0, MulticodecPrefix.Length).SequenceEqual(MulticodecPrefix))
        {
            return false;
        }
        var key = bytes[MulticodecPrefix.Length..];
        // Leading '1's and leading zero bytes could otherwise give two spellings of one key.
        if (!string.Equals(Encode(key), text, StringComparison.Ordinal))
        {
            return false;
        }
        publicKey = key;
        return true;
    }
}
