using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The MCP field rules of spec §3.7: transport, endpoint (relative path or absolute http(s) URL, default <c>/</c>), tool
/// lists trimmed, de-duplicated and sorted, a max-tools count of at least 0 (0: no limit), per-subject policies keyed by a
/// non-empty subject. List and number fields arrive as raw JSON so a PATCH can tell "absent" (keep) from <c>null</c> (clear).
/// </summary>
internal static partial class ConnectionValidation
{
    public const int MaxToolNameLength = 256;
    public const int MaxToolListLength = 1000;
    public const int MaxSubjectPolicies = 1000;
    public const int MaxEndpointLength = 2048;

    public static GatewayError? McpTransport(string? value, out string transport)
    {
        transport = string.IsNullOrWhiteSpace(value) ? ConnectionValues.McpTransportStreamableHttp : value.Trim().ToLowerInvariant();
        return transport is ConnectionValues.McpTransportStreamableHttp or ConnectionValues.McpTransportSse
            ? null
            : ConnectionErrors.Invalid("mcp_transport must be streamable_http or sse");
    }

    /// <summary>
    /// <c>/</c> when empty; a relative path (leading <c>/</c> added, query allowed, no fragment or dot segments), or an absolute
    /// http(s) URL without user info or fragment (credentials in a URL would reach logs).
    /// </summary>
    public static GatewayError? McpEndpoint(string? value, out string endpoint)
    {
        endpoint = "/";
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Length > MaxEndpointLength || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || text.Contains('#', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
        {
            return ConnectionErrors.Invalid("mcp_endpoint must be a path such as /mcp or an absolute http(s) URL, without a fragment");
        }
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
            {
                return ConnectionErrors.Invalid("mcp_endpoint must be an absolute http(s) URL without user info");
            }
            endpoint = uri.AbsoluteUri;
            return null;
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return ConnectionErrors.Invalid("mcp_endpoint must be a path such as /mcp or an absolute http(s) URL");
        }
        var queryAt = text.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? text : text[..queryAt];
        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            return ConnectionErrors.Invalid("mcp_endpoint must not contain . or .. segments");
        }
        endpoint = (text[0] == '/' ? "" : "/") + text;
        return null;
    }

    /// <summary>A list of tool names: absent or null → empty; trimmed, empty names dropped, de-duplicated, sorted ordinally.</summary>
    public static GatewayError? ToolList(JsonElement value, string field, out IReadOnlyList<string> tools)
    {
        tools = [];
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return ConnectionErrors.Invalid($"{field} must be a list of tool names");
        }
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var name = item.GetString()!.Trim();
            if (name.Length == 0)
            {
                continue;
            }
            if (name.Length > MaxToolNameLength || name.Any(char.IsControl))
            {
                return ConnectionErrors.Invalid($"{field}: tool names must be at most {MaxToolNameLength} characters without control characters");
            }
            names.Add(name);
        }
        if (names.Count > MaxToolListLength)
        {
            return ConnectionErrors.Invalid($"{field} must name at most {MaxToolListLength} tools");
        }
        tools = [.. names];
        return null;
    }

    /// <summary>Absent or null → no limit; otherwise a whole number of at least 0 (0: no limit, stored as none).</summary>
    public static GatewayError? MaxToolsExposed(JsonElement value, string field, out int? max)
    {
        max = null;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0)
        {
            return ConnectionErrors.Invalid($"{field} must be a whole number of at least 0");
        }
        max = count == 0 ? null : count;
        return null;
    }

    /// <summary>
    /// <c>{subject: {allowlist, denylist, max_tools_exposed}}</c>: absent, null or empty → none. Subjects are trimmed and
    /// must not be empty; each policy follows the connection policy's rules.
    /// </summary>
    public static GatewayError? SubjectToolPolicies(JsonElement value, out IReadOnlyDictionary<string, McpToolPolicy>? policies)
    {
        policies = null;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return ConnectionErrors.Invalid("mcp_subject_tool_policies must be an object of subject → {allowlist, denylist, max_tools_exposed}");
        }
        var parsed = new SortedDictionary<string, McpToolPolicy>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var subject = property.Name.Trim();
            if (subject.Length == 0 || subject.Length > MaxSubjectLength || subject.Any(char.IsControl))
            {
                return ConnectionErrors.Invalid($"mcp_subject_tool_policies keys must be non-empty subjects of at most {MaxSubjectLength} characters");
            }
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                return ConnectionErrors.Invalid($"mcp_subject_tool_policies[\"{subject}\"] must be an object {{allowlist, denylist, max_tools_exposed}}");
            }
            var field = $"mcp_subject_tool_policies[\"{subject}\"]";
            var allowError = ToolList(Member(property.Value, "allowlist"), field + ".allowlist", out var allow);
            var denyError = ToolList(Member(property.Value, "denylist"), field + ".denylist", out var deny);
            var maxError = MaxToolsExposed(Member(property.Value, "max_tools_exposed"), field + ".max_tools_exposed", out var max);
            if ((allowError ?? denyError ?? maxError) is { } error)
            {
                return error;
            }
            if (!parsed.TryAdd(subject, new McpToolPolicy { Allowlist = allow, Denylist = deny, MaxToolsExposed = max }))
            {
                return ConnectionErrors.Invalid($"mcp_subject_tool_policies names subject \"{subject}\" twice");
            }
        }
        if (parsed.Count > MaxSubjectPolicies)
        {
            return ConnectionErrors.Invalid($"mcp_subject_tool_policies may hold at most {MaxSubjectPolicies} subjects");
        }
        policies = parsed.Count == 0 ? null : parsed;
        return null;
    }

    private static JsonElement Member(JsonElement value, string name) => value.TryGetProperty(name, out var member) ? member : default;
}
