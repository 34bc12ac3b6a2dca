using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Dids;

/// <summary><c>did:key</c> for Ed25519 keys (W3C CCG did:key method): <c>did:key:z6Mk…</c>.</summary>
public static class DidKey
{
    /// <summary>The method prefix.</summary>
    public const string Prefix = "did:key:";

    /// <summary>The <c>did:key</c> of a 32-byte Ed25519 public key.</summary>
    public static string Encode(ReadOnlySpan<byte> publicKey) => Prefix + Ed25519Multikey.Encode(publicKey);

    /// <summary>The raw public key in an Ed25519 <c>did:key</c>; other key types and non-canonical spellings fail.</summary>
    public static Result<byte[]> Decode(string? did)
    {
        if (did is null || !did.StartsWith(Prefix, StringComparison.Ordinal) ||
            !Ed25519Multikey.TryDecode(did[Prefix.Length..], out var publicKey))
        {
            return Result<byte[]>.Fail(ErrorCatalogue.DidKeyInvalid, "Not a did:key holding an Ed25519 public key.");
        }
        return Result<byte[]>.Ok(publicKey);
    }
}
