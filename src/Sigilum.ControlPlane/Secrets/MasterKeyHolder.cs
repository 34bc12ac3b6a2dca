using System.Security.Cryptography;
using Sigilum.Core.Secrets;
using Sigilum.Protocol.Keys;

namespace Sigilum.ControlPlane.Secrets;

/// <summary>Holds the master key for the host's lifetime and hands out purpose-bound sealers; zeroes it on dispose.</summary>
public sealed class MasterKeyHolder(byte[] key) : IDisposable
{
    /// <summary>A sealer whose key is derived for <paramref name="purpose"/> (e.g. <c>webhooks</c>, <c>signing-keys</c>).</summary>
    public SecretSealer CreateSealer(string purpose) => new(key, purpose);

    /// <summary>
    /// The Ed25519 key derived for <paramref name="purpose"/> (HKDF-SHA256, info <c>sigilum/&lt;purpose&gt;</c>, as the
    /// sealers): every instance sharing the master key derives the same key, with nothing stored (ADR 0024).
    /// </summary>
    public Ed25519KeyPair DeriveSigningKey(string purpose)
    {
        var seed = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, Ed25519.SeedSize, salt: null, info: System.Text.Encoding.UTF8.GetBytes("sigilum/" + purpose));
        try
        {
            return Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(key);
}
