using System.Text.Json;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>A catalogue entry from the gateway (spec §3.7): the connection's shape and the credentials it asks for.</summary>
public sealed record ProviderTemplate(
    string Key, string Label, string? Description, string ConnectionId, string BaseUrl, string AuthMode, string AuthHeaderName,
    string AuthPrefix, string AuthSecretKey, IReadOnlyList<ProviderCredentialField> Fields,
    string Protocol = "http", string McpEndpoint = "", string McpTransport = "")
{
    public bool IsMcp => Protocol == "mcp";

    /// <summary>A blank form for a provider that is not in the catalogue.</summary>
    public static ProviderTemplate Custom { get; } = new(
        "custom", "Custom HTTP API", "Any HTTPS API that takes a key in a header or the query string.", string.Empty, string.Empty,
        "bearer", "Authorization", "Bearer ", "api_key", [new ProviderCredentialField("api_key", "API key", null, null, Required: true)]);

    /// <summary>A blank form for an MCP server: agents list and call its tools through the gateway's <c>/mcp/&lt;id&gt;/…</c>.</summary>
    public static ProviderTemplate CustomMcp { get; } = Custom with
    {
        Key = "custom-mcp", Label = "Custom MCP server",
        Description = "Any MCP server over streamable HTTP or SSE. Agents see and call only the tools its policy exposes.",
        Protocol = "mcp", McpEndpoint = "/mcp", McpTransport = "streamable_http",
    };

    public static ProviderTemplate From(JsonElement t)
    {
        var secretKey = GatewayJson.Text(t, "auth_secret_key") ?? "api_key";
        var fields = t.TryGetProperty("credential_fields", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Select(f => new ProviderCredentialField(
                    GatewayJson.Text(f, "key") ?? string.Empty, GatewayJson.Text(f, "label") ?? GatewayJson.Text(f, "key") ?? string.Empty,
                    GatewayJson.Text(f, "placeholder"), GatewayJson.Text(f, "help"),
                    f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True))
                .Where(f => f.Key.Length > 0).ToList()
            : [];
        if (fields.Count == 0)
        {
            fields.Add(new ProviderCredentialField(secretKey, "Secret", null, null, Required: true));
        }
        return new ProviderTemplate(
            GatewayJson.Text(t, "key") ?? "custom", GatewayJson.Text(t, "label") ?? GatewayJson.Text(t, "key") ?? "Provider",
            GatewayJson.Text(t, "description"), GatewayJson.Text(t, "connection_id") ?? string.Empty, GatewayJson.Text(t, "base_url") ?? string.Empty,
            GatewayJson.Text(t, "auth_mode") ?? "bearer", GatewayJson.Text(t, "auth_header_name") ?? "Authorization",
            GatewayJson.Text(t, "auth_prefix") ?? string.Empty, secretKey, fields,
            GatewayJson.Text(t, "protocol") ?? "http", GatewayJson.Text(t, "mcp_endpoint") ?? string.Empty, GatewayJson.Text(t, "mcp_transport") ?? string.Empty);
    }
}

/// <summary>One credential the person types; it is sealed in the browser before the form is sent.</summary>
public sealed record ProviderCredentialField(string Key, string Label, string? Placeholder, string? Help, bool Required);
