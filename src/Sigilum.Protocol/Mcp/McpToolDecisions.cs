using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Mcp;

/// <summary>
/// Tool policy evaluation (spec §3.10), pure and shared so that every view of a connection — the gateway's decisions,
/// the CLI's <c>service policy</c> and the dashboard's tool list — says the same thing about the same tool. The one
/// deliberate difference from Sigilum: when both the connection and the subject have an allow-list and they share no
/// tool, nothing is allowed (Sigilum treated the empty intersection as "no allow-list" and allowed everything not denied).
/// </summary>
public static class McpToolDecisions
{

    /// <summary>
    /// The connection's policy, narrowed by the subject's when there is one: allow-lists intersect (either alone applies
    /// as it is), deny-lists unite, and the smaller positive tool limit wins.
    /// </summary>
    public static McpEffectivePolicy Effective(McpToolPolicy? connection, McpToolPolicy? subject)
    {
        var c = connection ?? McpToolPolicy.None;
        var s = subject ?? McpToolPolicy.None;
        IReadOnlyList<string>? allow = (c.Allowlist.Count, s.Allowlist.Count) switch
        {
            (0, 0) => null,
            (_, 0) => Sorted(c.Allowlist),
            (0, _) => Sorted(s.Allowlist),
            _ => Sorted(c.Allowlist.Intersect(s.Allowlist, StringComparer.Ordinal)),
        };
        var deny = Sorted(c.Denylist.Concat(s.Denylist));
        int? max = (Positive(c.MaxToolsExposed), Positive(s.MaxToolsExposed)) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            (var a, var b) => a ?? b,
        };
        return new McpEffectivePolicy(allow, deny, max);
    }

    /// <summary>
    /// The tools exposed under <paramref name="policy"/>: the discovered ones in name order that the allow-list (if any)
    /// admits and the deny-list does not, cut to the tool limit.
    /// </summary>
    public static IReadOnlyList<string> Exposed(McpEffectivePolicy policy, IEnumerable<string> discovered)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(discovered);
        var admitted = Sorted(discovered).Where(t => Admitted(policy, t));
        return [.. policy.MaxToolsExposed is { } max ? admitted.Take(max) : admitted];
    }

    /// <summary>
    /// The decision for <paramref name="tool"/>; the first failing check names the reason: a name is required, the tool
    /// must have been discovered, must not be denied, must be on the allow-list when there is one, and must be within the
    /// tool limit.
    /// </summary>
    public static McpToolDecision Decide(McpEffectivePolicy policy, IReadOnlyCollection<string> discovered, string? tool)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(discovered);
        var name = tool?.Trim() ?? string.Empty;
        var reason = name.Length == 0 ? ErrorCatalogue.McpToolNameRequired
            : !discovered.Contains(name, StringComparer.Ordinal) ? ErrorCatalogue.McpToolNotDiscovered
            : policy.Denylist.Contains(name, StringComparer.Ordinal) ? ErrorCatalogue.McpToolDeniedDenylist
            : policy.Allowlist is { } allow && !allow.Contains(name, StringComparer.Ordinal) ? ErrorCatalogue.McpToolDeniedAllowlist
            : !Exposed(policy, discovered).Contains(name, StringComparer.Ordinal) ? ErrorCatalogue.McpToolDeniedMaxToolsExposed
            : ErrorCatalogue.McpToolAllowed;
        return new McpToolDecision(name, reason == ErrorCatalogue.McpToolAllowed, reason);
    }

    /// <summary>The decision for every discovered tool, in name order.</summary>
    public static IReadOnlyList<McpToolDecision> DecideAll(McpEffectivePolicy policy, IReadOnlyCollection<string> discovered)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        return [.. Sorted(discovered).Select(t => Decide(policy, discovered, t))];
    }

    private static bool Admitted(McpEffectivePolicy policy, string tool) =>
        !policy.Denylist.Contains(tool, StringComparer.Ordinal) && (policy.Allowlist is not { } allow || allow.Contains(tool, StringComparer.Ordinal));

    private static int? Positive(int? value) => value is > 0 ? value : null;

    private static string[] Sorted(IEnumerable<string> names) =>
        [.. names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
