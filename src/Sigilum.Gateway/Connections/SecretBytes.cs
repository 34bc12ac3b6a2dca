using System.Security.Cryptography;
using System.Text.Json;

namespace Sigilum.Gateway.Connections;

/// <summary>Byte-level helpers for secret values, so they never have to become strings.</summary>
internal static class SecretBytes
{
    /// <summary>The current JSON string token as UTF-8 bytes (escapes decoded), without a <see cref="string"/>.</summary>
    public static byte[] ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string.");
        }
        var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = new byte[max];
        var written = reader.CopyString(buffer);
        if (written == max)
        {
            return buffer;
        }
        var exact = buffer[..written];
        CryptographicOperations.ZeroMemory(buffer);
        return exact;
    }

    /// <summary>Trims ASCII whitespace (what Go's <c>strings.TrimSpace</c> removes from a secret in practice).</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsWhitespace(value[start]))
        {
            start++;
        }
        while (end > start && IsWhitespace(value[end - 1]))
        {
            end--;
        }
        return value[start..end];
    }

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    /// <summary>True when the value may go into an HTTP header: no control characters (CR/LF would split the header).</summary>
    public static bool IsHeaderSafe(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Removes a leading <paramref name="prefix"/> (trimmed, ASCII case-insensitive) when whitespace follows
    /// it, and that whitespace (spec §3.7: "Bearer abc" stored as the secret still injects "abc").
    /// </summary>
    public static ReadOnlySpan<byte> StripPrefix(ReadOnlySpan<byte> value, string prefix)
    {
        var word = prefix.AsSpan().Trim();
        if (word.Length == 0 || value.Length <= word.Length || !IsWhitespace(value[word.Length]))
        {
            return value;
        }
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] > 0x7F || char.ToLowerInvariant((char)value[i]) != char.ToLowerInvariant(word[i]))
            {
                return value;
            }
        }
        return Trim(value[word.Length..]);
    }

    public static void Zero(IEnumerable<byte[]?> buffers)
    {
        foreach (var buffer in buffers)
        {
            if (buffer is not null)
            {
                CryptographicOperations.ZeroMemory(buffer);
            }
        }
    }
}
