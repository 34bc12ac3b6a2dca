using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Protocol.Dids;

/// <summary>
/// Bitcoin base58 (the multibase <c>z</c> alphabet, draft-msporny-base58 §2): big-endian base-58
/// digits with each leading zero byte written as <c>1</c>. Decoding is strict: only the canonical
/// spelling of a byte string is accepted, and input is bounded because conversion is quadratic.
/// </summary>
internal static class Base58Btc
{
    public const int MaxEncodedLength = 128;

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }
        // log(256)/log(58) < 1.37, so this many digits always suffice.
        var digits = new byte[(data.Length - zeros) * 137 / 100 + 1];
        var length = 0;
        foreach (var b in data[zeros..])
        {
            var carry = (int)b;
            for (var i = 0; i < length; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }
        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = 0; i < length; i++)
        {
            chars[zeros + i] = Alphabet[digits[length - 1 - i]];
        }
        return new string(chars);
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || text.Length > MaxEncodedLength)
        {
            return false;
        }
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }
        // log(58)/log(256) < 0.74.
        var value = new byte[(text.Length - zeros) * 74 / 100 + 1];
        var length = 0;
        foreach (var c in text.AsSpan(zeros))
        {
            var carry = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                return false;
            }
            for (var i = 0; i < length; i++)
            {
                carry += value[i] * 58;
                value[i] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                value[length++] = (byte)carry;
                carry >>= 8;
            }
        }
        var result = new byte[zeros + length];
        for (var i = 0; i < length; i++)
        {
            result[zeros + i] = value[length - 1 - i];
        }
        bytes = result;
        return true;
    }
}
