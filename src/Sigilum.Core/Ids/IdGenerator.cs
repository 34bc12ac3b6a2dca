using System.Security.Cryptography;

namespace Sigilum.Core.Ids;

/// <summary>Random identifiers and tokens from the OS CSPRNG.</summary>
public static class IdGenerator
{
    /// <summary><paramref name="prefix"/> + <paramref name="hexChars"/> lower-case hex characters, e.g. <c>cl_</c> + 24.</summary>
    public static string New(string prefix, int hexChars = 24)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hexChars);
        var bytes = RandomNumberGenerator.GetBytes((hexChars + 1) / 2);
        return prefix + Convert.ToHexStringLower(bytes)[..hexChars];
    }

    /// <summary>A claim id: <c>cl_</c> + 24 hex (the reference format).</summary>
    public static string ClaimId() => New("cl_");

    /// <summary>A service API key: <c>sk_live_</c> + 48 hex (the reference format). Show once, store the hash.</summary>
    public static string ServiceApiKey() => New("sk_live_", 48);

    /// <summary>Lower-case hex SHA-256 of a token, the only form in which tokens are stored.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>A bearer token with 256 bits of entropy, base64url.</summary>
    public static string Token(string prefix) => prefix + Protocol.Encoding.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
