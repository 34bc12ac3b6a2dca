using NSec.Cryptography;

namespace Sigilum.Protocol.Keys;

/// <summary>
/// An Ed25519 key pair that owns its secret key. The secret lives in an NSec <see cref="Key"/>
/// (libsodium's guarded allocation, never on the managed heap); <see cref="Dispose"/> frees it, and
/// libsodium zeroes it on free. The seed is never exposed as a string.
/// </summary>
/// <remarks>
/// Keys allow plaintext export because identities, node keys and attestation keys are persisted by
/// their owners (<see cref="ExportSeed"/>); the exported copy is the caller's to zero.
/// </remarks>
public sealed class Ed25519KeyPair : IDisposable
{
    private readonly Key _key;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private Ed25519KeyPair(Key key)
    {
        _key = key;
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte raw public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Generates a new key pair from libsodium's CSPRNG (the operating system's random source).</summary>
    public static Ed25519KeyPair Generate()
    {
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return new Ed25519KeyPair(Key.Create(Ed25519.Algorithm, in parameters));
    }

    /// <summary>Creates a key pair from a 32-byte seed (the seed is copied into guarded memory; the caller zeroes its own).</summary>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed) =>
        new(Ed25519.ImportSeed(seed, KeyExportPolicies.AllowPlaintextExport));

    /// <summary>Signs a message.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Ed25519.Algorithm.Sign(_key, message);
    }

    /// <summary>Copies the seed out, for persisting the identity. The caller zeroes the copy.</summary>
    public byte[] ExportSeed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key.Export(KeyBlobFormat.RawPrivateKey);
    }

    /// <summary>Frees (and so zeroes) the secret key.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _key.Dispose();
            _disposed = true;
        }
    }
}
