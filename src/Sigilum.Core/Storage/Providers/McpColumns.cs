using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// The MCP fields of a connection row as JSON text (ADR 0041): the tool policy, the per-subject policies and the last
/// discovery are read and written whole, never queried inside, so one text column each is enough on both providers.
/// Field names are the wire's (spec §3.7), so a row reads like the admin API's view of it.
/// </summary>
internal static class McpColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Policy(McpToolPolicy? policy) => policy is null ? null : JsonSerializer.Serialize(policy, Options);

    public static McpToolPolicy? Policy(string? json) => json is null ? null : JsonSerializer.Deserialize<McpToolPolicy>(json, Options);

    public static string? SubjectPolicies(IReadOnlyDictionary<string, McpToolPolicy>? policies) =>
        policies is null ? null : JsonSerializer.Serialize(new SortedDictionary<string, McpToolPolicy>(policies.ToDictionary(), StringComparer.Ordinal), Options);

    public static IReadOnlyDictionary<string, McpToolPolicy>? SubjectPolicies(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, McpToolPolicy>>(json, Options);

    public static string? Discovery(McpDiscovery? discovery) => discovery is null ? null : JsonSerializer.Serialize(discovery, Options);

    public static McpDiscovery? Discovery(string? json) => json is null ? null : JsonSerializer.Deserialize<McpDiscovery>(json, Options);
}
