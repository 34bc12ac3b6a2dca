namespace Sigilum.Gateway.Mcp;

/// <summary><c>GET /mcp/{id}/tools/{tool}/explain</c> (spec §3.10): the decision for one tool and what it was made from.</summary>
internal sealed record McpExplainResponse(
    string ConnectionId,
    string Subject,
    string Tool,
    bool Allowed,
    string ReasonCode,
    bool ToolDiscovered,
    McpEffectivePolicyView EffectivePolicy,
    IReadOnlyList<string> ExposedTools,
    string DiscoveryCacheStatus);
