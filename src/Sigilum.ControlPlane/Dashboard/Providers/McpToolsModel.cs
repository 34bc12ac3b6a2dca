using Sigilum.ControlPlane.Relay;
using Sigilum.Protocol.Mcp;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// The tools page of an MCP provider: its discovered tools decided under the connection's policy, or under one
/// subject's effective policy when <see cref="Subject"/> is set, and the policy forms.
/// </summary>
public sealed record McpToolsModel(
    RelayedGateway Gateway, ProviderView Provider, McpProviderView Mcp, string? Subject, McpEffectivePolicy Effective,
    IReadOnlyList<McpToolDecision> Decisions, string? Problem)
{
    public static McpToolsModel Build(RelayedGateway gateway, ProviderView provider, McpProviderView mcp, string? subject, string? problem)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        var own = subject is not null && mcp.SubjectPolicies.TryGetValue(subject, out var policy) ? policy : null;
        var effective = McpToolDecisions.Effective(mcp.Policy, own);
        return new McpToolsModel(gateway, provider, mcp, subject, effective, McpToolDecisions.DecideAll(effective, [.. mcp.Tools.Select(t => t.Name)]), problem);
    }

    public string DescriptionOf(string tool) => Mcp.Tools.FirstOrDefault(t => t.Name == tool)?.Description ?? string.Empty;
}
