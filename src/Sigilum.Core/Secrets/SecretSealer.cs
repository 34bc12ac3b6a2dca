using System.Security.Cryptography;

namespace Sigilum.Core.Secrets;

/// <summary>
/// Seals secrets at rest with AES-256-GCM. The key is derived with HKDF-SHA256 from the master key and a
/// purpose label, and the associated data binds each ciphertext to what it is for (e.g. a webhook id and
/// version), so a sealed value copied onto another row fails to open. Format:
/// <c>0x01 | nonce(12) | tag(16) | ciphertext</c>.
/// </summary>
public sealed class SecretSealer : IDisposable
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly AesGcm _aes;

    // AesGcm instances are not thread-safe (concurrent use corrupts results or throws), and one sealer serves
    // every request of a host: each operation holds the lock for the microseconds it takes.
    private readonly Lock _gate = new();

    /// <summary>Derives the sealing key for <paramref name="purpose"/> from a 32-byte master key.</summary>
    public SecretSealer(ReadOnlySpan<byte> masterKey, string purpose)
    {
        if (masterKey.Length < 32)
        {
            throw new ArgumentException("The master key must be at least 32 bytes.", nameof(masterKey));
        }
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.ToArray(), 32, salt: null, info: System.Text.Encoding.UTF8.GetBytes("sigilum/" + purpose));
        try
        {
            _aes = new AesGcm(key, TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> bound to <paramref name="associatedData"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var sealedBytes = new byte[1 + NonceSize + TagSize + plaintext.Length];
        sealedBytes[0] = FormatVersion;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_gate)
        {
            _aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), System.Text.Encoding.UTF8.GetBytes(associatedData));
        }
        return sealedBytes;
    }

    /// <summary>
    /// Opens a sealed value. Returns null when it was tampered with, sealed for other associated data or
    /// with another key. The caller zeroes the returned bytes after use.
    /// </summary>
    public byte[]? Open(ReadOnlySpan<byte> sealedBytes, string associatedData)
    {
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != FormatVersion)
        {
            return null;
        }
        var plaintext = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        try
        {
            lock (_gate)
            {
                _aes.Decrypt(sealedBytes.Slice(1, NonceSize), sealedBytes[(1 + NonceSize + TagSize)..], sealedBytes.Slice(1 + NonceSize, TagSize), plaintext, System.Text.Encoding.UTF8.GetBytes(associatedData));
            }
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _aes.Dispose();
        }
    }
}
