using Microsoft.AspNetCore.Http;
using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Dashboard.Claims;
using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>The dashboard's revoke feedback (ADR 0027): counts and node ids through the redirect, names from the store.</summary>
public sealed class RevocationNoticeTests
{
    private static readonly DataPlaneNode[] Nodes = [Node("nd_aaa", "gw-east"), Node("nd_bbb", "gw-west")];

    [Fact]
    public void Text_AllConfirmed_InEffectOnEvery()
    {
        var text = RevocationNotice.Text(QueryOf(RevocationNotice.Append("/dashboard/claims", new RevocationPropagation(2, 2, []))), Nodes);

        Assert.Equal("Revoked and in effect on 2 of 2 gateways: the next request from that agent is refused.", text);
    }

    [Fact]
    public void Text_OneDidNotConfirm_NamedFromTheNamespacesNodes()
    {
        var path = RevocationNotice.Append("/dashboard/claims?status=approved", new RevocationPropagation(2, 1, [new PropagationNode("nd_bbb", "ignored")]));

        var text = RevocationNotice.Text(QueryOf(path), Nodes);

        Assert.NotNull(text);
        Assert.StartsWith("Revoked and in effect on 1 of 2 gateways. Not confirmed in time: gw-west.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_CraftedLinkWithAnUnknownNodeId_NamesNothing()
    {
        var text = RevocationNotice.Text(QueryOf("/dashboard/claims?in_effect=0&of=1&late=Click%20here%20to%20re-approve&done=revoked"), Nodes);

        Assert.NotNull(text);
        Assert.DoesNotContain("Click", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Not confirmed in time", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("in_effect=2&of=1&done=revoked")]
    [InlineData("in_effect=-1&of=1&done=revoked")]
    [InlineData("in_effect=x&of=1&done=revoked")]
    [InlineData("in_effect=1&of=1&done=approved")]
    public void Text_InconsistentOrForeignQuery_NoNotice(string query)
    {
        Assert.Null(RevocationNotice.Text(QueryOf("/dashboard/claims?" + query), Nodes));
    }

    [Fact]
    public void Text_NoGateway_SaysNoneConfirmed()
    {
        var text = RevocationNotice.Text(QueryOf(RevocationNotice.Append("/dashboard/claims", new RevocationPropagation(0, 0, []))), Nodes);

        Assert.NotNull(text);
        Assert.StartsWith("Revoked. No gateway follows this namespace's stream", text, StringComparison.Ordinal);
    }

    /// <summary>The query the browser comes back with: the path as redirected, plus <c>done=revoked</c> when absent.</summary>
    private static IQueryCollection QueryOf(string path)
    {
        var query = path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] : "?";
        if (!query.Contains("done=", StringComparison.Ordinal))
        {
            query += (query.Length > 1 ? "&" : string.Empty) + "done=revoked";
        }
        return new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
    }

    private static DataPlaneNode Node(string id, string name) => new()
    {
        Id = id, Namespace = "alice", Kind = DataPlaneKind.Gateway, Name = name, PublicKey = "ed25519:" + id, RegisteredAt = DateTimeOffset.UnixEpoch,
    };
}
