using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The effective policy in an explain answer (spec §3.10): <c>{allowlist, denylist, max_tools_exposed}</c>, an empty
/// allow-list meaning none. Ours adds <c>allowlist_matches_nothing: true</c> (only then present) when the connection's and
/// the subject's allow-lists share no tool, which denies every tool (ADR 0040) and would otherwise read as "no allow-list".
/// </summary>
internal sealed record McpEffectivePolicyView(IReadOnlyList<string> Allowlist, IReadOnlyList<string> Denylist, int MaxToolsExposed, bool? AllowlistMatchesNothing)
{
    public static McpEffectivePolicyView From(McpEffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Allowlist ?? [], policy.Denylist, policy.MaxToolsExposed ?? 0, policy.Allowlist is { Count: 0 } ? true : null);
    }
}
