using System.Text.Json.Nodes;

namespace Sigilum.Cli.Claims;

/// <summary>The revoke answer's <c>propagation</c> (ADR 0027) as the CLI words it.</summary>
public sealed class RevocationReportTests
{
    [Fact]
    public void Describe_EveryGatewayConfirmed_InEffectOnAll()
    {
        var text = RevocationReport.Describe(Answer(2, 2));

        Assert.Equal("In effect on 2 of 2 gateways: the agent's next request is refused.", text);
    }

    [Fact]
    public void Describe_OneGatewayDidNotConfirm_NamesIt()
    {
        var text = RevocationReport.Describe(Answer(2, 1, ("gw-[2]", "nd_0123")));

        Assert.NotNull(text);
        Assert.StartsWith("In effect on 1 of 2 gateways.", text, StringComparison.Ordinal);
        // The name is escaped: a node named with markup brackets cannot style the output.
        Assert.Contains("gw-[[2]] (nd_0123)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NoSubscriber_SaysNoneConfirmed()
    {
        Assert.StartsWith("No gateway follows this namespace's stream", RevocationReport.Describe(Answer(0, 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_AnswerWithoutPropagation_Null()
    {
        Assert.Null(RevocationReport.Describe(new JsonObject { ["status"] = "revoked" }));
    }

    private static JsonObject Answer(int subscribers, int acknowledged, params (string Name, string Id)[] pending) => new()
    {
        ["status"] = "revoked",
        ["propagation"] = new JsonObject
        {
            ["subscribers"] = subscribers,
            ["acknowledged"] = acknowledged,
            ["pending"] = pending.Length,
            ["pending_nodes"] = new JsonArray([.. pending.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["name"] = p.Name })]),
        },
    };
}
