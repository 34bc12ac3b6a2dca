namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// One authorised request, for the owner's usage view (spec §3.12). Holds no secrets: the path is sent
/// without its query string (a <c>query_param</c> credential travels there) and no header is included.
/// </summary>
public sealed record UsageReport
{
    public required string Namespace { get; init; }

    /// <summary>The connection id (= service slug).</summary>
    public required string Service { get; init; }

    /// <summary>The agent's key, <c>ed25519:&lt;base64&gt;</c>.</summary>
    public required string PublicKey { get; init; }

    public string? Subject { get; init; }

    public string? AgentId { get; init; }

    /// <summary><c>http</c> or <c>mcp</c>.</summary>
    public string Protocol { get; init; } = "http";

    /// <summary><c>proxy</c>, or <c>mcp_list</c> / <c>mcp_explain</c> / <c>mcp_call:&lt;tool&gt;</c>.</summary>
    public string Action { get; init; } = "proxy";

    public required UsageOutcome Outcome { get; init; }

    public int? StatusCode { get; init; }

    public long? DurationMs { get; init; }

    public long ResponseBytes { get; init; }

    public string? RequestMethod { get; init; }

    /// <summary>The request path; anything from <c>?</c> on is removed before sending.</summary>
    public string? RequestPath { get; init; }

    public string? RemoteIp { get; init; }

    /// <summary>When the request ended; sent as <c>occurred_at</c> so a delayed report keeps its time.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
