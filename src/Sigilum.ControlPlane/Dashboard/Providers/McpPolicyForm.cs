using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Mcp;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// A tool policy as typed into the dashboard: allow- and deny-list as tool names separated by commas or new lines, and
/// an optional tool limit. An empty list field means no list (the gateway clears it); an empty limit means no limit.
/// </summary>
internal static class McpPolicyForm
{
    public const int MaxToolNameLength = 128;
    public const int MaxNames = 500;
    public const int MaxLimit = 10_000;

    /// <summary>The policy, or null and what is wrong with the fields.</summary>
    public static (McpToolPolicy? Policy, string? Problem) Read(string allowlist, string denylist, string maxTools)
    {
        var allow = Names(allowlist);
        var deny = Names(denylist);
        if (allow.Concat(deny).FirstOrDefault(n => n.Length > MaxToolNameLength || n.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) is { } bad)
        {
            return (null, $"'{Cut(bad)}' is not a tool name: tool names have 1-{MaxToolNameLength} characters and no spaces. Separate names with commas.");
        }
        if (allow.Length > MaxNames || deny.Length > MaxNames)
        {
            return (null, $"A list holds at most {MaxNames} tool names.");
        }
        int? max = null;
        if (maxTools.Trim() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit > MaxLimit)
            {
                return (null, $"The tool limit must be a whole number from 0 (no limit) to {MaxLimit}.");
            }
            max = limit > 0 ? limit : null;
        }
        return (new McpToolPolicy { Allowlist = allow, Denylist = deny, MaxToolsExposed = max }, null);
    }

    /// <summary>Names for a text field: "a, b".</summary>
    public static string Text(IReadOnlyList<string> names) => string.Join(", ", names);

    public static JsonArray Names(IReadOnlyList<string> names) => new([.. names.Select(n => JsonValue.Create(n))]);

    /// <summary>The wire shape of one policy (spec §3.7): <c>{allowlist, denylist, max_tools_exposed}</c>.</summary>
    public static JsonObject ToJson(McpToolPolicy policy) => new()
    {
        ["allowlist"] = Names(policy.Allowlist),
        ["denylist"] = Names(policy.Denylist),
        ["max_tools_exposed"] = policy.MaxToolsExposed ?? 0,
    };

    private static string[] Names(string text) =>
        [.. text.Split([',', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string Cut(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
