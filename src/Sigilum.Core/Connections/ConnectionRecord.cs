using Sigilum.Protocol.Mcp;
namespace Sigilum.Core.Connections;

/// <summary>
/// A gateway connection to an upstream HTTP API or MCP server (spec §3.7, §3.10): where requests go and how the credential is
/// injected. Its secrets are not in here: they are stored sealed, one row per version
/// (<see cref="ConnectionSecretRecord"/>), and only their key names appear in <see cref="CredentialKeys"/>.
/// String-valued enumerations hold Sigilum's wire spellings (see <see cref="ConnectionValues"/>).
/// </summary>
public sealed record ConnectionRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary><c>http</c> or <c>mcp</c> (<see cref="ConnectionValues"/>).</summary>
    public string Protocol { get; init; } = ConnectionValues.ProtocolHttp;

    /// <summary>Absolute http(s) URL without a trailing slash.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Empty, or a path with a leading and no trailing slash, e.g. <c>/api/v1</c>.</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary><c>bearer</c>, <c>header_key</c> or <c>query_param</c>.</summary>
    public required string AuthMode { get; init; }

    /// <summary>The header name (or query parameter name in <c>query_param</c> mode).</summary>
    public required string AuthHeaderName { get; init; }

    public string AuthPrefix { get; init; } = "";

    /// <summary>Which secret of the map is injected.</summary>
    public required string AuthSecretKey { get; init; }

    /// <summary>The names of the secrets in the current version, sorted ordinally.</summary>
    public required IReadOnlyList<string> CredentialKeys { get; init; }

    /// <summary><c>active</c> or <c>disabled</c>.</summary>
    public string Status { get; init; } = ConnectionValues.StatusActive;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastTestedAt { get; init; }

    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public string? LastTestStatus { get; init; }

    public int? LastTestHttpStatus { get; init; }

    public string? LastTestError { get; init; }

    public DateTimeOffset? LastRotatedAt { get; init; }

    /// <summary>Null or 0: no rotation policy.</summary>
    public int? RotationIntervalDays { get; init; }

    public DateTimeOffset? NextRotationDueAt { get; init; }

    /// <summary>The current sealed secret version (1 on create, +1 per rotation).</summary>
    public int SecretVersion { get; init; } = 1;

    public string? RotatedBy { get; init; }

    public string? RotationReason { get; init; }

    /// <summary>MCP only: <c>streamable_http</c> or <c>sse</c>; null for http connections.</summary>
    public string? McpTransport { get; init; }

    /// <summary>MCP only: a relative path joined to <see cref="BaseUrl"/> and <see cref="PathPrefix"/>, or an absolute URL (default <c>/</c>).</summary>
    public string? McpEndpoint { get; init; }

    /// <summary>MCP only: the connection's tool policy; null means none.</summary>
    public McpToolPolicy? McpToolPolicy { get; init; }

    /// <summary>MCP only: per-subject policies, combined with the connection's (spec §3.10); keys are subjects.</summary>
    public IReadOnlyDictionary<string, McpToolPolicy>? McpSubjectToolPolicies { get; init; }

    /// <summary>MCP only: the last discovery (server, tools, when, last error); null until discovered.</summary>
    public McpDiscovery? McpDiscovery { get; init; }

    /// <summary>
    /// How long (seconds) the gateway may hold an unapproved agent's request while the owner decides (ADR 0055); 0 = never
    /// held, the agent gets the markdown 403 at once. An agent opts in per request with <c>Prefer: wait=&lt;s&gt;</c>, capped by this.
    /// </summary>
    public int HoldSeconds { get; init; }
}
