using System.Text.Json;
using Sigilum.ControlPlane.Dashboard.Providers;
using Sigilum.ControlPlane.Relay;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>The provider pages' shared steps: which connected gateway a page works on, and reading a gateway answer's lists.</summary>
public sealed class GatewayAdminTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Target_NoneChosen_FirstConnected()
    {
        var admin = new GatewayAdmin(new ConnectedOnly(Gateway("nd_a"), Gateway("nd_b")));

        Assert.Equal("nd_a", admin.Target("acme", null)?.NodeId);
        Assert.Equal("nd_a", admin.Target("acme", string.Empty)?.NodeId);
    }

    [Fact]
    public void Target_Chosen_ThatGateway()
    {
        var admin = new GatewayAdmin(new ConnectedOnly(Gateway("nd_a"), Gateway("nd_b")));

        Assert.Equal("nd_b", admin.Target("acme", "nd_b")?.NodeId);
    }

    [Fact]
    public void Target_ChosenNotConnected_Null()
    {
        var admin = new GatewayAdmin(new ConnectedOnly(Gateway("nd_a")));

        Assert.Null(admin.Target("acme", "nd_other"));
    }

    [Fact]
    public void Target_NoneConnected_Null()
    {
        var admin = new GatewayAdmin(new ConnectedOnly());

        Assert.Null(admin.Target("acme", null));
    }

    [Fact]
    public void ConnectionPath_IdWithReservedCharacters_Escaped()
    {
        Assert.Equal("/api/admin/connections/a%2Fb%3Fc", GatewayAdmin.ConnectionPath("a/b?c"));
    }

    [Fact]
    public void Items_ArrayField_EachMapped()
    {
        var outcome = new GatewayAdmin.Outcome(true, Json("""{"variables":[{"key":"A"},{"key":"B"}]}"""), null);

        Assert.Equal<string?>(["A", "B"], GatewayJson.Items(outcome, "variables", v => GatewayJson.Text(v, "key")));
    }

    [Fact]
    public void Items_FailedAnswer_Empty()
    {
        var outcome = new GatewayAdmin.Outcome(false, Json("""{"variables":[{"key":"A"}]}"""), "refused");

        Assert.Empty(GatewayJson.Items(outcome, "variables", v => GatewayJson.Text(v, "key")));
    }

    [Fact]
    public void Items_FieldNotAnArray_Empty()
    {
        var outcome = new GatewayAdmin.Outcome(true, Json("""{"variables":"A"}"""), null);

        Assert.Empty(GatewayJson.Items(outcome, "variables", v => GatewayJson.Text(v, "key")));
    }

    [Fact]
    public void Items_BodyNotAnObject_Empty()
    {
        var outcome = new GatewayAdmin.Outcome(true, Json("""[{"key":"A"}]"""), null);

        Assert.Empty(GatewayJson.Items(outcome, "variables", v => GatewayJson.Text(v, "key")));
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static RelayedGateway Gateway(string nodeId) => new(nodeId, "acme", "key", "kid", At, At);

    /// <summary>A relay whose gateways are connected but never answer: the tests here only pick a target.</summary>
    private sealed class ConnectedOnly(params RelayedGateway[] gateways) : IGatewayRelay
    {
        public IReadOnlyList<RelayedGateway> Connected(string ns) => [.. gateways.Where(g => g.Namespace == ns)];

        public Task<RelayResponse> SendAsync(string ns, string nodeId, RelayCommand command, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Picking a target sends nothing.");
    }
}
