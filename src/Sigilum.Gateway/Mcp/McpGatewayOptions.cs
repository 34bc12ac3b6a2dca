namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The gateway side of MCP connections (spec §3.10, §3.14): the discovery cache, the tool-call rate limit and the
/// background pre-warm after an admin change, plus the settings the host hands to the upstream client (timeout, circuit
/// breaker; its response bound and retries keep their defaults).
/// </summary>
public sealed class McpGatewayOptions
{
    /// <summary>The whole budget of one discovery or tool call (<c>GATEWAY_MCP_TIMEOUT_SECONDS</c>).</summary>
    public int TimeoutSeconds { get; set; } = 90;

    /// <summary>Consecutive failed calls that open an upstream's circuit; 0 disables it (<c>GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES</c>).</summary>
    public int CircuitBreakerFailures { get; set; } = 3;

    /// <summary>How long an open circuit fails fast; 0 disables the breaker (<c>GATEWAY_MCP_CIRCUIT_BREAKER_COOLDOWN_SECONDS</c>).</summary>
    public int CircuitBreakerCooldownSeconds { get; set; } = 10;

    /// <summary>A stored tool list younger than this is served as <c>cache_hit</c> (<c>GATEWAY_MCP_DISCOVERY_CACHE_TTL_SECONDS</c>).</summary>
    public int DiscoveryCacheTtlSeconds { get; set; } = 300;

    /// <summary>
    /// How much longer than the TTL a stored tool list may still be served when a refresh fails in <c>auto</c> mode
    /// (<c>stale_if_error</c>; <c>GATEWAY_MCP_DISCOVERY_STALE_IF_ERROR_SECONDS</c>).
    /// </summary>
    public int DiscoveryStaleIfErrorSeconds { get; set; } = 3600;

    /// <summary>Tool calls per connection and namespace per minute; 0 turns the limit off (<c>GATEWAY_MCP_TOOL_CALL_RATE_LIMIT_PER_MINUTE</c>).</summary>
    public int ToolCallRateLimitPerMinute { get; set; } = 120;

    /// <summary>The time budget of the background discovery after an MCP connection is created or edited without a discovery.</summary>
    public int PrewarmBudgetSeconds { get; set; } = 20;

    /// <summary>Background pre-warm discoveries running at once; a change while all are busy is not pre-warmed (the first request discovers).</summary>
    public int MaxConcurrentPrewarms { get; set; } = 4;

    public TimeSpan DiscoveryCacheTtl => TimeSpan.FromSeconds(DiscoveryCacheTtlSeconds);

    public TimeSpan DiscoveryStaleIfError => TimeSpan.FromSeconds(DiscoveryStaleIfErrorSeconds);

    public TimeSpan PrewarmBudget => TimeSpan.FromSeconds(PrewarmBudgetSeconds);

    public void Validate()
    {
        if (DiscoveryCacheTtlSeconds < 0 || DiscoveryStaleIfErrorSeconds < 0 || ToolCallRateLimitPerMinute < 0)
        {
            throw new InvalidOperationException("Gateway:Mcp: the discovery TTL, stale-if-error window and tool-call rate limit must not be negative.");
        }
        if (PrewarmBudgetSeconds <= 0 || MaxConcurrentPrewarms <= 0)
        {
            throw new InvalidOperationException("Gateway:Mcp: the pre-warm budget and concurrency must be positive.");
        }
    }
}
