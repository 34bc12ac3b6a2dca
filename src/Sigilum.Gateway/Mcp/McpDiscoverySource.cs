namespace Sigilum.Gateway.Mcp;

/// <summary>Where a tool list came from (spec §3.10), sent as <c>X-Sigilum-MCP-Discovery</c> and <c>discovery_cache_status</c>.</summary>
internal static class McpDiscoverySource
{
    public const string Header = "X-Sigilum-MCP-Discovery";

    /// <summary>The stored list, fresh enough.</summary>
    public const string CacheHit = "cache_hit";

    /// <summary>Asked the server just now.</summary>
    public const string Refreshed = "refreshed";

    /// <summary>The refresh failed; the stored list is still within stale-if-error.</summary>
    public const string StaleIfError = "stale_if_error";
}
