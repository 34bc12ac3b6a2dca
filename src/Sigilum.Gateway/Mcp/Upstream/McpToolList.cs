using System.Text.Encodings.Web;
using System.Text.Json;
using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// A <c>tools/list</c> result as the gateway stores it (spec §3.10): names trimmed, empty names dropped, the first of
/// each name kept, sorted by name (ordinal), descriptions trimmed, <c>inputSchema</c> (or <c>input_schema</c>) compacted
/// into a JSON string. Only the first page counts; <c>nextCursor</c> is ignored.
/// </summary>
internal static class McpToolList
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The tools, or null when the result has no <c>tools</c> array.</summary>
    public static IReadOnlyList<McpTool>? Normalise(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var byName = new Dictionary<string, McpTool>(StringComparer.Ordinal);
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object ||
                !tool.TryGetProperty("name", out var nameElement) ||
                nameElement.ValueKind != JsonValueKind.String ||
                nameElement.GetString()!.Trim() is not { Length: > 0 } name ||
                byName.ContainsKey(name))
            {
                continue;
            }
            var description = tool.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!.Trim() : "";
            byName[name] = new McpTool(name, description, SchemaOf(tool));
        }
        return [.. byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    private static string SchemaOf(JsonElement tool)
    {
        if (!tool.TryGetProperty("inputSchema", out var schema) && !tool.TryGetProperty("input_schema", out schema))
        {
            return "{}";
        }
        if (schema.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "{}";
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            schema.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
