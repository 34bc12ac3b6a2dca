namespace Sigilum.Cli.Services;

/// <summary>
/// Tool names given as <c>--mcp-allow a,b --mcp-allow c</c>: split at commas, trimmed, de-duplicated and sorted (as the
/// gateway stores them). An empty value (<c>--allow ''</c>) yields an empty list, which clears the list it is sent for.
/// </summary>
internal static class ToolNameList
{
    public const int MaxNameLength = 128;

    public static string[]? Parse(string[]? values, string option)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }
        var names = values.SelectMany(v => v.Split(',')).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (names.FirstOrDefault(n => n.Length > MaxNameLength || n.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) is { } bad)
        {
            throw new CliException(ExitCodes.Usage, $"{option}: '{bad}' is not a tool name (1-{MaxNameLength} characters, no spaces).");
        }
        return names;
    }

    /// <summary>A tool limit from <paramref name="option"/>: 0 means no limit.</summary>
    public static int? Limit(int? value, string option) => value is null or >= 0
        ? value
        : throw new CliException(ExitCodes.Usage, $"{option} must be 0 (no limit) or more.");
}
