using System.Security.Cryptography;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Sigilum.Protocol.Keys;

/// <summary>Managed Ed25519 from Portable.BouncyCastle: always available, no native dependency.</summary>
internal sealed class BouncyCastleEd25519Engine : IEd25519Engine
{
    public static readonly BouncyCastleEd25519Engine Instance = new();

    public string Name => "bouncycastle";

    public void DerivePublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        var seedCopy = CopySeed(seed);
        try
        {
            var pk = new byte[Ed25519.PublicKeySize];
            BcEd25519.GeneratePublicKey(seedCopy, 0, pk, 0);
            pk.CopyTo(publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    public void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        var seedCopy = CopySeed(seed);
        try
        {
            // Sign with the public key derived from the seed, never the caller's copy: signing with a
            // mismatched public key can leak the private scalar.
            var derived = new byte[Ed25519.PublicKeySize];
            BcEd25519.GeneratePublicKey(seedCopy, 0, derived, 0);
            if (!publicKey.SequenceEqual(derived))
            {
                throw new ArgumentException("The public key does not belong to the seed.", nameof(publicKey));
            }
            var msg = message.ToArray();
            var sig = new byte[Ed25519.SignatureSize];
            BcEd25519.Sign(seedCopy, 0, derived, 0, msg, 0, msg.Length, sig, 0);
            sig.CopyTo(signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519.PublicKeySize || signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }
        var msg = message.ToArray();
        return BcEd25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, msg, 0, msg.Length);
    }

    // BouncyCastle wants arrays; a pinned one is never copied by the GC, so zeroing it leaves no
    // stray copy of the seed behind on the managed heap.
    private static byte[] CopySeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes.", nameof(seed));
        }
        var copy = GC.AllocateUninitializedArray<byte>(Ed25519.SeedSize, pinned: true);
        seed.CopyTo(copy);
        return copy;
    }
}
