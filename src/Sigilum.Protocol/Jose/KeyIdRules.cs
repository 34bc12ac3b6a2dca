namespace Sigilum.Protocol.Jose;

/// <summary>
/// What a <c>kid</c> may look like before we use it as a lookup key. A kid is attacker-chosen text
/// (RFC 8725 §3.10), so it is bounded and free of control characters; lookups are exact matches only.
/// </summary>
internal static class KeyIdRules
{
    public const int MaxLength = 256;

    public static bool IsAcceptable(string kid)
    {
        if (kid.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in kid)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }
}
