using System.Security.Cryptography;

namespace Sigilum.Protocol.Keys;

/// <summary>
/// An Ed25519 key pair that owns its seed. The seed is held in a private array that
/// <see cref="Dispose"/> zeroes; it is never exposed as a string.
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private Ed25519KeyPair(byte[] seed)
    {
        _seed = seed;
        _publicKey = Ed25519.DerivePublicKey(seed);
    }

    /// <summary>The 32-byte raw public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Generates a new key pair from the operating system's CSPRNG.</summary>
    public static Ed25519KeyPair Generate()
    {
        var seed = AllocatePinned();
        RandomNumberGenerator.Fill(seed);
        return new Ed25519KeyPair(seed);
    }

    /// <summary>Creates a key pair from a 32-byte seed (the seed is copied).</summary>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes.", nameof(seed));
        }
        var copy = AllocatePinned();
        seed.CopyTo(copy);
        return new Ed25519KeyPair(copy);
    }

    /// <summary>Signs a message.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Ed25519.Sign(_seed, _publicKey, message);
    }

    /// <summary>Copies the seed out, for persisting the identity. The caller zeroes the copy.</summary>
    public byte[] ExportSeed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_seed.Clone();
    }

    // A pinned array is never moved by the GC, so zeroing it on dispose leaves no stale copy behind.
    private static byte[] AllocatePinned() => GC.AllocateUninitializedArray<byte>(Ed25519.SeedSize, pinned: true);

    /// <summary>Zeroes the seed.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_seed);
            _disposed = true;
        }
    }
}
