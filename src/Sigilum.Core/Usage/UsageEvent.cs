namespace Sigilum.Core.Usage;

/// <summary>One proxied request as a data plane reports it (no bodies, no secrets).</summary>
public sealed record UsageEvent
{
    public required string EventId { get; init; }

    public required string Namespace { get; init; }

    public required string Service { get; init; }

    public required string PublicKey { get; init; }

    public string? Subject { get; init; }

    public string? AgentId { get; init; }

    /// <summary><c>success</c>, <c>denied</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }

    public int? StatusCode { get; init; }

    public long? DurationMs { get; init; }

    public string? Method { get; init; }

    public string? Path { get; init; }

    /// <summary><c>http</c> or <c>mcp</c> (spec §3.12); null for events reported before the protocol was recorded, which were HTTP.</summary>
    public string? Protocol { get; init; }

    /// <summary><c>proxy</c>, <c>mcp_list</c>, <c>mcp_explain[:&lt;tool&gt;]</c> or <c>mcp_call:&lt;tool&gt;</c>; null when not reported.</summary>
    public string? Action { get; init; }

    /// <summary>The data-plane node that reported it.</summary>
    public string? NodeId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
