using System.Text.Json.Nodes;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Cli.Services;

/// <summary>
/// The MCP members of the gateway's connection view (spec §3.7: <c>mcp_tool_policy</c>, <c>mcp_subject_tool_policies</c>,
/// <c>mcp_discovery</c>) read into the shared policy types, and policies written back in the wire shape. A missing or odd
/// member reads as empty, never throws: the view is the gateway's, this only displays it.
/// </summary>
internal static class McpConnectionJson
{
    public static bool IsMcp(JsonNode? connection) => ServiceFields.Text(connection, "protocol") == McpServiceOptions.Mcp;

    public static McpToolPolicy Policy(JsonNode? policy) => policy is not JsonObject
        ? McpToolPolicy.None
        : new McpToolPolicy
        {
            Allowlist = Names(policy["allowlist"]),
            Denylist = Names(policy["denylist"]),
            MaxToolsExposed = ServiceFields.Number(policy, "max_tools_exposed") is { } max and > 0 ? (int)Math.Min(max, int.MaxValue) : null,
        };

    public static McpToolPolicy ConnectionPolicy(JsonNode? connection) => Policy(connection?["mcp_tool_policy"]);

    public static SortedDictionary<string, McpToolPolicy> SubjectPolicies(JsonNode? connection)
    {
        var policies = new SortedDictionary<string, McpToolPolicy>(StringComparer.Ordinal);
        if (connection?["mcp_subject_tool_policies"] is JsonObject map)
        {
            foreach (var (subject, policy) in map)
            {
                policies[subject] = Policy(policy);
            }
        }
        return policies;
    }

    /// <summary>The discovered tools, name and description, in name order.</summary>
    public static IReadOnlyList<(string Name, string Description)> Tools(JsonNode? discovery) =>
        [.. (discovery?["tools"] as JsonArray ?? []).Select(t => (ServiceFields.Text(t, "name") ?? string.Empty, ServiceFields.Text(t, "description") ?? string.Empty))
            .Where(t => t.Item1.Length > 0).OrderBy(t => t.Item1, StringComparer.Ordinal)];

    public static JsonObject ToJson(McpToolPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JsonObject
        {
            ["allowlist"] = new JsonArray([.. policy.Allowlist.Select(n => JsonValue.Create(n))]),
            ["denylist"] = new JsonArray([.. policy.Denylist.Select(n => JsonValue.Create(n))]),
            ["max_tools_exposed"] = policy.MaxToolsExposed,
        };
    }

    /// <summary>An effective policy; <c>allowlist</c> null means none (every discovered tool not denied).</summary>
    public static JsonObject ToJson(McpEffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JsonObject
        {
            ["allowlist"] = policy.Allowlist is { } allow ? new JsonArray([.. allow.Select(n => JsonValue.Create(n))]) : null,
            ["denylist"] = new JsonArray([.. policy.Denylist.Select(n => JsonValue.Create(n))]),
            ["max_tools_exposed"] = policy.MaxToolsExposed,
        };
    }

    private static string[] Names(JsonNode? list) =>
        [.. (list as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : string.Empty).Where(s => s.Length > 0)];
}
