using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Mcp;

/// <summary>The shared tool policy evaluation (spec §3.10); each refusal test fails exactly one check.</summary>
public sealed class McpToolDecisionsTests
{
    private static readonly string[] Discovered = ["add", "echo", "get-env", "long-running", "print-env"];

    private static McpToolPolicy Policy(string[]? allow = null, string[]? deny = null, int? max = null) =>
        new() { Allowlist = allow ?? [], Denylist = deny ?? [], MaxToolsExposed = max };

    [Fact]
    public void Effective_NoSubjectPolicy_IsTheConnections()
    {
        var effective = McpToolDecisions.Effective(Policy(["echo", "add"], ["get-env"], 3), null);

        Assert.Equal(["add", "echo"], effective.Allowlist);
        Assert.Equal(["get-env"], effective.Denylist);
        Assert.Equal(3, effective.MaxToolsExposed);
    }

    [Fact]
    public void Effective_NoAllowlistAnywhere_IsNull()
    {
        Assert.Null(McpToolDecisions.Effective(Policy(), Policy(deny: ["x"])).Allowlist);
    }

    [Fact]
    public void Effective_OnlyTheSubjectHasAnAllowlist_ItApplies()
    {
        Assert.Equal(["echo"], McpToolDecisions.Effective(Policy(), Policy(["echo"])).Allowlist);
    }

    [Fact]
    public void Effective_BothAllowlists_Intersect_DenylistsUnite_SmallerPositiveLimitWins()
    {
        var effective = McpToolDecisions.Effective(Policy(["add", "echo"], ["a"], 0), Policy(["echo", "print-env"], ["b"], 2));

        Assert.Equal(["echo"], effective.Allowlist);
        Assert.Equal(["a", "b"], effective.Denylist);
        Assert.Equal(2, effective.MaxToolsExposed);
        Assert.Equal(1, McpToolDecisions.Effective(Policy(max: 1), Policy(max: 4)).MaxToolsExposed);
    }

    [Fact]
    public void Effective_EmptyIntersection_AllowsNothing()
    {
        var effective = McpToolDecisions.Effective(Policy(["add"]), Policy(["echo"]));

        Assert.NotNull(effective.Allowlist);
        Assert.Empty(effective.Allowlist);
        Assert.Empty(McpToolDecisions.Exposed(effective, Discovered));
        Assert.Equal(ErrorCatalogue.McpToolDeniedAllowlist, McpToolDecisions.Decide(effective, Discovered, "echo").ReasonCode);
    }

    [Fact]
    public void Decide_NoPolicy_DiscoveredToolAllowed()
    {
        var decision = McpToolDecisions.Decide(McpToolDecisions.Effective(null, null), Discovered, "echo");

        Assert.Equal(new McpToolDecision("echo", true, ErrorCatalogue.McpToolAllowed), decision);
    }

    [Fact]
    public void Decide_BlankName_NameRequired()
    {
        Assert.Equal(ErrorCatalogue.McpToolNameRequired, McpToolDecisions.Decide(McpToolDecisions.Effective(null, null), Discovered, " ").ReasonCode);
    }

    [Fact]
    public void Decide_ToolNotDiscovered_NotDiscovered()
    {
        Assert.Equal(ErrorCatalogue.McpToolNotDiscovered, McpToolDecisions.Decide(McpToolDecisions.Effective(null, null), Discovered, "delete-all").ReasonCode);
    }

    [Fact]
    public void Decide_Denylisted_DeniedDenylist()
    {
        Assert.Equal(ErrorCatalogue.McpToolDeniedDenylist, McpToolDecisions.Decide(McpToolDecisions.Effective(Policy(deny: ["echo"]), null), Discovered, "echo").ReasonCode);
    }

    [Fact]
    public void Decide_NotOnTheAllowlist_DeniedAllowlist()
    {
        Assert.Equal(ErrorCatalogue.McpToolDeniedAllowlist, McpToolDecisions.Decide(McpToolDecisions.Effective(Policy(["add"]), null), Discovered, "echo").ReasonCode);
    }

    [Fact]
    public void Decide_BeyondTheToolLimit_DeniedMaxToolsExposed()
    {
        var effective = McpToolDecisions.Effective(Policy(max: 2), null);

        Assert.Equal(["add", "echo"], McpToolDecisions.Exposed(effective, Discovered));
        Assert.Equal(ErrorCatalogue.McpToolDeniedMaxToolsExposed, McpToolDecisions.Decide(effective, Discovered, "get-env").ReasonCode);
        Assert.True(McpToolDecisions.Decide(effective, Discovered, "echo").Allowed);
    }

    [Fact]
    public void DecideAll_MixedPolicy_OneDecisionPerToolInNameOrder()
    {
        var decisions = McpToolDecisions.DecideAll(McpToolDecisions.Effective(Policy(deny: ["get-env", "print-env"], max: 2), null), Discovered);

        Assert.Equal(
            [("add", true), ("echo", true), ("get-env", false), ("long-running", false), ("print-env", false)],
            decisions.Select(d => (d.Tool, d.Allowed)));
        Assert.Equal(ErrorCatalogue.McpToolDeniedMaxToolsExposed, decisions[3].ReasonCode);
        Assert.Equal(ErrorCatalogue.McpToolDeniedDenylist, decisions[4].ReasonCode);
    }
}
