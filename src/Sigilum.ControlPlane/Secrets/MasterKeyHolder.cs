using System.Security.Cryptography;
using Sigilum.Core.Secrets;

namespace Sigilum.ControlPlane.Secrets;

/// <summary>Holds the master key for the host's lifetime and hands out purpose-bound sealers; zeroes it on dispose.</summary>
public sealed class MasterKeyHolder(byte[] key) : IDisposable
{
    /// <summary>A sealer whose key is derived for <paramref name="purpose"/> (e.g. <c>webhooks</c>, <c>signing-keys</c>).</summary>
    public SecretSealer CreateSealer(string purpose) => new(key, purpose);

    public void Dispose() => CryptographicOperations.ZeroMemory(key);
}
