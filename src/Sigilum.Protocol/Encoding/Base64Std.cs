using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Protocol.Encoding;

/// <summary>
/// Standard base64 with padding (RFC 4648 §4), decoded strictly: only the one canonical spelling of a
/// byte string is accepted (no whitespace, no missing padding, no non-zero spare bits). Sigilum uses
/// this alphabet for keys, seeds, digests and signature values.
/// </summary>
public static class Base64Std
{
    /// <summary>Encodes bytes as padded standard base64.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);

    /// <summary>Decodes canonical padded standard base64; false for any other spelling.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || text.Length % 4 != 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '='))
            {
                return false;
            }
        }
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }
        var result = buffer.AsSpan(0, written).ToArray();
        if (!string.Equals(Encode(result), text, StringComparison.Ordinal))
        {
            return false;
        }
        bytes = result;
        return true;
    }
}
