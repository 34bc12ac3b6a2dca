using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The fields a client may set on a connection (spec §3.7), shared by create (<see cref="CreateConnectionRequest"/>) and
/// PATCH (<see cref="UpdateConnectionRequest"/>). Only these are read: server-set fields such as <c>secret_version</c> or
/// <c>last_rotated_at</c> in a body are ignored (reliability ADM-07).
/// </summary>
internal abstract class ConnectionRequestFields : IDisposable
{
    public string? Name { get; init; }

    public string? BaseUrl { get; init; }

    public string? PathPrefix { get; init; }

    public string? AuthMode { get; init; }

    public string? AuthHeaderName { get; init; }

    public string? AuthPrefix { get; init; }

    public string? AuthSecretKey { get; init; }

    public string? Status { get; init; }

    /// <summary>Days between rotations; on PATCH, 0 removes the rotation policy.</summary>
    public int? RotationIntervalDays { get; init; }

    /// <summary>How long an unapproved agent's request may be held while the owner decides (ADR 0055); 0 = off.</summary>
    public int? HoldSeconds { get; init; }

    /// <summary>MCP only: <c>streamable_http</c> (default) or <c>sse</c>.</summary>
    public string? McpTransport { get; init; }

    /// <summary>MCP only: a relative path (default <c>/</c>) or an absolute http(s) URL.</summary>
    public string? McpEndpoint { get; init; }

    // Raw JSON so "absent" (Undefined) and null can be told apart; parsed by ConnectionValidation.

    /// <summary>MCP only: the connection's tool allow-list.</summary>
    public JsonElement McpToolAllowlist { get; init; }

    /// <summary>MCP only: the connection's tool deny-list.</summary>
    public JsonElement McpToolDenylist { get; init; }

    /// <summary>MCP only: most tools exposed (0: no limit).</summary>
    public JsonElement McpMaxToolsExposed { get; init; }

    /// <summary>MCP only: <c>{subject: {allowlist, denylist, max_tools_exposed}}</c>.</summary>
    public JsonElement McpSubjectToolPolicies { get; init; }

    /// <summary>Whether any <c>mcp_*</c> field carries a value (they are refused on http connections).</summary>
    public bool HasMcpFields =>
        McpTransport is not null || McpEndpoint is not null || Present(McpToolAllowlist) || Present(McpToolDenylist) ||
        Present(McpMaxToolsExposed) || Present(McpSubjectToolPolicies);

    /// <summary>The secret map; on PATCH it is refused (secrets change only through rotate, which keeps the old version).</summary>
    [JsonConverter(typeof(SecretMapConverter))]
    public SecretMap? Secrets { get; init; }

    public void Dispose()
    {
        Secrets?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static bool Present(JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
}
