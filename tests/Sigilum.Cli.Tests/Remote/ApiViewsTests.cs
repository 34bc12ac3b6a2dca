using System.Text;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Api.Views;

namespace Sigilum.Cli.Remote;

public sealed class ApiViewsTests
{
    private const string NodesAnswer = """
        {"nodes":[
          {"id":"gw_1","namespace":"alice","kind":"gateway","name":"gw-a","public_key":"ed25519:AAA","version":"1.0.0","registered_at":"2026-01-02T03:04:05+00:00","last_seen_at":null},
          {"id":"vt_2","namespace":"alice","kind":"vault","name":"vault-b","public_key":"ed25519:BBB","version":null,"registered_at":"2026-01-02T03:04:05+00:00","last_seen_at":null}
        ]}
        """;

    [Fact]
    public void Nodes_ServerAnswer_ReadsEveryNodeAsTheServersView()
    {
        var nodes = ApiViews.Nodes(JsonNode.Parse(NodesAnswer));

        Assert.Equal(["gw_1", "vt_2"], nodes.Select(n => n.Id));
        Assert.Equal("gateway", nodes[0].Kind);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), nodes[0].RegisteredAt);
    }

    [Fact]
    public void NodeWithKey_RegisteredKey_IsThatNode()
    {
        Assert.Equal("vt_2", ApiViews.NodeWithKey(JsonNode.Parse(NodesAnswer), "ed25519:BBB")?.Id);
    }

    [Fact]
    public void NodeWithKey_UnknownKey_IsNull()
    {
        Assert.Null(ApiViews.NodeWithKey(JsonNode.Parse(NodesAnswer), "ed25519:CCC"));
    }

    [Fact]
    public void Nodes_AnswerWithoutNodes_IsEmpty()
    {
        Assert.Empty(ApiViews.Nodes(JsonNode.Parse("{\"error\":\"x\"}")));
        Assert.Empty(ApiViews.Nodes(null));
    }

    [Fact]
    public void Read_RegistrationAnswer_KeepsTheControlPlaneKey()
    {
        var node = ApiViews.Read<NodeView>(JsonNode.Parse("{\"id\":\"gw_1\",\"kind\":\"gateway\",\"control_plane_key\":\"cpk\"}"));

        Assert.Equal(("gw_1", "cpk"), (node?.Id, node?.ControlPlaneKey));
    }

    [Fact]
    public void Read_NotAnObject_IsNull()
    {
        Assert.Null(ApiViews.Read<NodeView>(JsonNode.Parse("[1,2]")));
    }

    [Fact]
    public void ParseBody_Json_IsTheDocument()
    {
        Assert.Equal("r1", ApiResponse.ParseBody(Encoding.UTF8.GetBytes("{\"request_id\":\"r1\"}"))?["request_id"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>bad gateway</html>")]
    public void ParseBody_EmptyOrNotJson_IsNull(string body)
    {
        Assert.Null(ApiResponse.ParseBody(Encoding.UTF8.GetBytes(body)));
    }
}
