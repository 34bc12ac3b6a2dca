using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Sigilum.Protocol.Keys;

/// <summary>Managed Ed25519 from Portable.BouncyCastle: always available, no native dependency.</summary>
internal sealed class BouncyCastleEd25519Engine : IEd25519Engine
{
    public static readonly BouncyCastleEd25519Engine Instance = new();

    public string Name => "bouncycastle";

    public void DerivePublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        var seedCopy = seed.ToArray();
        var pk = new byte[Ed25519.PublicKeySize];
        try
        {
            BcEd25519.GeneratePublicKey(seedCopy, 0, pk, 0);
            pk.CopyTo(publicKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    public void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        var seedCopy = seed.ToArray();
        var sig = new byte[Ed25519.SignatureSize];
        try
        {
            var msg = message.ToArray();
            BcEd25519.Sign(seedCopy, 0, publicKey.ToArray(), 0, msg, 0, msg.Length, sig, 0);
            sig.CopyTo(signature);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seedCopy);
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
}
