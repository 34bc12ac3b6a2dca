using BclBase64Url = System.Buffers.Text.Base64Url;
using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Protocol.Encoding;

/// <summary>
/// Base64url without padding (RFC 4648 §5), decoded strictly: padding, the standard alphabet's
/// <c>+</c> and <c>/</c>, whitespace and non-zero spare bits are all rejected, so each byte string has
/// exactly one accepted spelling (JWS canonical form, Sigilum's certificate header).
/// </summary>
public static class Base64Url
{
    /// <summary>Encodes bytes as unpadded base64url.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => BclBase64Url.EncodeToString(data);

    /// <summary>
    /// Decodes canonical unpadded base64url. Returns false for anything that is not the one canonical
    /// spelling of some byte string.
    /// </summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null)
        {
            return false;
        }
        if (text.Length % 4 == 1)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!IsAlphabet(c))
            {
                return false;
            }
        }
        // Decode through the standard alphabet: System.Buffers.Text.Base64Url.TryDecodeFromChars throws
        // FormatException on some inputs instead of returning false (found by a property test).
        var standard = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        if (!Base64Std.TryDecode(standard, out var result))
        {
            return false;
        }
        // Re-encoding catches non-zero spare bits: "AB" and "AA" must not both decode to 0x00.
        if (!string.Equals(Encode(result), text, StringComparison.Ordinal))
        {
            return false;
        }
        bytes = result;
        return true;
    }

    private static bool IsAlphabet(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
