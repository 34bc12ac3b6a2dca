using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The configured admin token, kept only as its SHA-256. Presented tokens are hashed and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>: hashing first gives both sides the same length,
/// so neither the content nor the length of the real token leaks through timing (reliability ADM-04).
/// </summary>
internal sealed class AdminToken
{
    private readonly byte[] _digest;

    public AdminToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool Matches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
