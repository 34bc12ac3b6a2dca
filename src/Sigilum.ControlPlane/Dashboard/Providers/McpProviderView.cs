using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// The MCP part of a gateway connection as its admin API describes it (spec §3.7): endpoint and transport, the
/// connection's and each subject's tool policy, and the last discovery (server, tools, when, last error).
/// </summary>
public sealed record McpProviderView(
    string Transport, string Endpoint, McpToolPolicy Policy, IReadOnlyDictionary<string, McpToolPolicy> SubjectPolicies,
    string? ServerName, string? ServerVersion, DateTimeOffset? LastDiscoveredAt, string? LastDiscoveryError, IReadOnlyList<McpTool> Tools)
{
    public static McpProviderView From(JsonElement c)
    {
        var subjects = new SortedDictionary<string, McpToolPolicy>(StringComparer.Ordinal);
        if (c.TryGetProperty("mcp_subject_tool_policies", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                subjects[entry.Name] = ReadPolicy(entry.Value);
            }
        }
        var discovery = c.TryGetProperty("mcp_discovery", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var server = discovery.ValueKind == JsonValueKind.Object && discovery.TryGetProperty("server", out var s) ? s : default;
        var tools = discovery.ValueKind == JsonValueKind.Object && discovery.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Select(t => new McpTool(GatewayJson.Text(t, "name") ?? string.Empty, GatewayJson.Text(t, "description") ?? string.Empty, GatewayJson.Text(t, "input_schema") ?? "{}"))
                .Where(t => t.Name.Length > 0).OrderBy(t => t.Name, StringComparer.Ordinal).ToList()
            : [];
        return new McpProviderView(
            GatewayJson.Text(c, "mcp_transport") ?? "streamable_http",
            GatewayJson.Text(c, "mcp_endpoint") ?? "/",
            c.TryGetProperty("mcp_tool_policy", out var policy) ? ReadPolicy(policy) : McpToolPolicy.None,
            subjects,
            GatewayJson.Text(server, "name"),
            GatewayJson.Text(server, "version"),
            GatewayJson.Instant(discovery, "last_discovered_at"),
            GatewayJson.Text(discovery, "last_discovery_error"),
            tools);
    }

    private static McpToolPolicy ReadPolicy(JsonElement p) => p.ValueKind != JsonValueKind.Object
        ? McpToolPolicy.None
        : new McpToolPolicy
        {
            Allowlist = Names(p, "allowlist"),
            Denylist = Names(p, "denylist"),
            MaxToolsExposed = p.TryGetProperty("max_tools_exposed", out var max) && max.TryGetInt32(out var n) && n > 0 ? n : null,
        };

    private static string[] Names(JsonElement p, string name) =>
        p.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!)]
            : [];
}
