using System.Security.Cryptography;

namespace Sigilum.Protocol.Audit;

/// <summary>The hash spelling shared by records and checkpoints: lowercase hex SHA-256.</summary>
internal static class AuditHash
{
    public const int HexLength = 64;

    /// <summary>The <c>prev</c> of the first record of a fresh log: 64 zeros (no real SHA-256 output).</summary>
    public static readonly string Genesis = new('0', HexLength);

    public static string Compute(ReadOnlySpan<byte> canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(canonicalJson));

    /// <summary>True for exactly 64 lowercase hex digits; upper case is rejected so each hash has one spelling.</summary>
    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != HexLength)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }
}
