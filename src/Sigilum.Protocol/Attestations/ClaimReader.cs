using System.Text.Json;

namespace Sigilum.Protocol.Attestations;

/// <summary>Reads JWT claims without coercion (reliability.md JWT-17).</summary>
internal static class ClaimReader
{
    /// <summary>253402300799 = 9999-12-31T23:59:59Z, the largest time <see cref="DateTimeOffset"/> holds.</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// A NumericDate (RFC 7519 §2) restricted to a plain non-negative JSON integer: strings, booleans,
    /// fractions, exponents (<c>1e3</c>), negatives and out-of-range values all fail.
    /// </summary>
    public static bool TryGetUnixSeconds(JsonElement payload, string name, out long seconds)
    {
        seconds = 0;
        if (!payload.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }
        var raw = value.GetRawText();
        foreach (var c in raw)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return value.TryGetInt64(out seconds) && seconds <= MaxUnixSeconds;
    }

    /// <summary>Absent is fine (null); present must be a string.</summary>
    public static bool TryGetOptionalString(JsonElement payload, string name, out string? value)
    {
        value = null;
        if (!payload.TryGetProperty(name, out var element))
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        value = element.GetString();
        return true;
    }

    /// <summary>Exactly 64 lower-case hex digits (a SHA-256 digest as Sigil writes it).</summary>
    public static bool IsLowerHexSha256(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }
}
