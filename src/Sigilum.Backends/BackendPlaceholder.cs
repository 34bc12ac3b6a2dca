using System.Text.RegularExpressions;

namespace Sigilum.Backends;

/// <summary>
/// A stored value that names a backend secret instead of holding it (issue #7 §4):
/// <c>{{backend:NAME:REF}}</c>, e.g. <c>{{backend:prod-vault:secret/data/openai#api_key}}</c>. The reference
/// runs to the closing braces and may itself contain ':' (ARNs), so only the first ':' after the name splits.
/// </summary>
public sealed partial record BackendPlaceholder(string BackendName, string Reference)
{
    /// <summary>True when <paramref name="value"/> is exactly one placeholder (surrounding whitespace allowed).</summary>
    public static bool TryParse(string? value, out BackendPlaceholder? placeholder)
    {
        placeholder = null;
        if (value is null)
        {
            return false;
        }
        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }
        placeholder = new BackendPlaceholder(match.Groups["name"].Value, match.Groups["reference"].Value);
        return true;
    }

    public override string ToString() => $"{{{{backend:{BackendName}:{Reference}}}}}";

    [GeneratedRegex(@"^\s*\{\{backend:(?<name>[A-Za-z0-9][A-Za-z0-9_.-]{0,62}):(?<reference>[^{}\s][^{}]{0,2047}?)\}\}\s*$")]
    private static partial Regex Pattern();
}
