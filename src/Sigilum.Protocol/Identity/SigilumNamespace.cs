using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Protocol.Identity;

/// <summary>
/// Namespace names: trimmed, lower-cased, 3–64 characters of <c>[a-z0-9-]</c>, starting and ending
/// with a letter or digit (the SDK rule <c>^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$</c>).
/// </summary>
public static class SigilumNamespace
{
    /// <summary>Shortest allowed namespace.</summary>
    public const int MinLength = 3;

    /// <summary>Longest allowed namespace.</summary>
    public const int MaxLength = 64;

    /// <summary>Trims and lower-cases <paramref name="input"/> and checks the rule.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (input is null)
        {
            return false;
        }
        var candidate = input.Trim().ToLowerInvariant();
        if (!IsValid(candidate))
        {
            return false;
        }
        normalized = candidate;
        return true;
    }

    /// <summary>True when <paramref name="value"/> is already a valid, normalised namespace.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < MinLength or > MaxLength)
        {
            return false;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var alnum = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            var ok = alnum || (c == '-' && i > 0 && i < value.Length - 1);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The DID for a namespace: <c>did:sigilum:&lt;namespace&gt;</c>.</summary>
    public static string ToDid(string ns) => "did:sigilum:" + ns;
}
