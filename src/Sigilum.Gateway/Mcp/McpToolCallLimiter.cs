using Sigilum.Gateway.Claims;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The tool-call rate limit of spec §3.10: calls per <c>connection|namespace</c> per minute (default 120; 0 = off), over
/// the limit 429 <c>MCP_TOOL_RATE_LIMITED</c>. The same bounded fixed-window counter as the claim-filing limit (one table
/// for the current minute, at most <see cref="ClaimSubmitLimiter.MaxKeys"/> keys, new keys refused beyond that), in an
/// instance of its own so tool calls and claim filings never share a budget.
/// </summary>
internal sealed class McpToolCallLimiter(McpGatewayOptions options, TimeProvider time)
{
    private readonly ClaimSubmitLimiter _window = new(options.ToolCallRateLimitPerMinute, time);

    /// <summary>True when one more call for this connection and namespace fits in the current minute.</summary>
    public bool TryAcquire(string connectionId, string ns) => _window.TryAcquire(connectionId, ns);
}
