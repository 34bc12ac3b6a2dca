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
        var decoded = new byte[BclBase64Url.GetMaxDecodedLength(text.Length)];
        int written;
        try
        {
            if (!BclBase64Url.TryDecodeFromChars(text, decoded, out written))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            // Despite its name, TryDecodeFromChars throws on some malformed input (non-zero spare
            // bits in the last character, e.g. "AB"), and this method must never throw.
            return false;
        }
        var result = decoded.AsSpan(0, written).ToArray();
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
