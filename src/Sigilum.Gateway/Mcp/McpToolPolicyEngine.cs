using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The gateway's side of the tool policy (spec §3.10, ADR 0040): picks the request subject's policy out of the connection
/// and hands both to <see cref="McpToolDecisions"/>, the one evaluator the gateway, CLI and dashboard share (so an explain
/// answer, <c>sigilum service policy</c> and the provider page cannot disagree). No rule lives here.
/// </summary>
internal static class McpToolPolicyEngine
{
    /// <summary>The connection's policy narrowed by <paramref name="subject"/>'s, if the connection has one for it.</summary>
    public static McpEffectivePolicy Effective(ConnectionRecord connection, string subject)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subject);
        var subjectPolicy = connection.McpSubjectToolPolicies is { } policies && policies.TryGetValue(subject, out var found) ? found : null;
        return McpToolDecisions.Effective(connection.McpToolPolicy, subjectPolicy);
    }

    /// <summary>The discovered tools exposed under <paramref name="policy"/>, in discovered (name) order.</summary>
    public static IReadOnlyList<McpTool> Exposed(McpEffectivePolicy policy, McpDiscovery discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        var exposed = McpToolDecisions.Exposed(policy, discovery.Tools.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
        return [.. discovery.Tools.Where(t => exposed.Contains(t.Name))];
    }

    /// <summary>The decision for <paramref name="tool"/> against the discovered tools.</summary>
    public static McpToolDecision Decide(McpEffectivePolicy policy, McpDiscovery discovery, string? tool)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        return McpToolDecisions.Decide(policy, [.. discovery.Tools.Select(t => t.Name)], tool);
    }
}
