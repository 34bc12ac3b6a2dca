using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Connections;

/// <summary>A tool policy on the wire (spec §3.7): <c>{allowlist, denylist, max_tools_exposed}</c>, 0 meaning no limit.</summary>
internal sealed record McpToolPolicyView(IReadOnlyList<string> Allowlist, IReadOnlyList<string> Denylist, int MaxToolsExposed)
{
    public static McpToolPolicyView From(McpToolPolicy? policy) =>
        policy is null ? new([], [], 0) : new(policy.Allowlist, policy.Denylist, policy.MaxToolsExposed ?? 0);
}
