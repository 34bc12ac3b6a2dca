using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Claims;

/// <summary>Auto-claim filing against a real control plane over real HTTP (spec §3.6).</summary>
public sealed class ClaimFilerTests
{
    private const string Ns = LinkHarness.Ns;
    private const string Service = LinkHarness.Service;

    [Fact]
    public async Task FileAsync_UnapprovedAgent_FilesAPendingClaimWithTheAgentsFields()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(Ns);
        using var client = h.Client();
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(agent), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.Recorded, result.Outcome);
        Assert.Equal(201, result.HttpStatus);
        Assert.Equal("pending", result.Status);
        Assert.Equal(Service, result.Service);
        Assert.StartsWith("cl_", result.ClaimId, StringComparison.Ordinal);
        Assert.Null(result.Failure);
        var listed = await h.OwnerGetAsync($"v1/namespaces/{Ns}/claims?status=pending");
        var claim = Assert.Single(listed.GetProperty("claims").EnumerateArray());
        Assert.Equal(result.ClaimId, claim.GetProperty("claim_id").GetString());
        Assert.Equal(agent.AgentKeyHeader, claim.GetProperty("public_key").GetString());
        Assert.Equal(Service, claim.GetProperty("service").GetString());
        Assert.Equal("bob@example.com", claim.GetProperty("subject").GetString());
        Assert.Equal("research-bot", claim.GetProperty("agent_id").GetString());
        Assert.Equal("Research Bot", claim.GetProperty("agent_name").GetString());
        Assert.Equal("203.0.113.7", claim.GetProperty("agent_ip").GetString());
    }

    [Fact]
    public async Task FileAsync_SameAgentAgain_ReturnsTheExistingClaim()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(Ns);
        using var client = h.Client();
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());
        var first = await filer.FileAsync(Request(agent), CancellationToken.None);

        // A fresh body nonce each time, so the second filing is not a replay but the idempotent 200.
        var second = await filer.FileAsync(Request(agent), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.Recorded, second.Outcome);
        Assert.Equal(200, second.HttpStatus);
        Assert.Equal(first.ClaimId, second.ClaimId);
    }

    [Fact]
    public async Task FileAsync_NoServiceKey_FailsBeforeAnyRequest()
    {
        await using var h = await LinkHarness.StartAsync();
        var keys = new FakeServiceKeys(new Dictionary<string, string>());
        using var client = h.Client();
        var filer = new ClaimFiler(client, keys, LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(h.Cp.NewIdentity(Ns)), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.FailedBeforeResponse, result.Outcome);
        Assert.Equal("failed-before-response", result.OutcomeText);
        Assert.Null(result.HttpStatus);
        Assert.Contains(Service, result.Failure, StringComparison.Ordinal);
        Assert.Equal(1, keys.Lookups);
        var listed = await h.OwnerGetAsync($"v1/namespaces/{Ns}/claims");
        Assert.Empty(listed.GetProperty("claims").EnumerateArray());
    }

    [Fact]
    public async Task FileAsync_WrongServiceKey_IsApiRejected()
    {
        await using var h = await LinkHarness.StartAsync();
        var keys = new FakeServiceKeys(new Dictionary<string, string> { [Service] = "sk_live_" + new string('0', 48) });
        using var client = h.Client();
        var filer = new ClaimFiler(client, keys, LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(h.Cp.NewIdentity(Ns)), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.ApiRejected, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.NotNull(result.Code);
        Assert.Null(result.ClaimId);
    }

    [Fact]
    public async Task FileAsync_GatewayNotRegistered_IsApiRejectedWith403()
    {
        await using var h = await LinkHarness.StartAsync();
        var stranger = h.Cp.NewIdentity(Ns);
        using var client = h.Client(identity: stranger);
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(h.Cp.NewIdentity(Ns)), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.ApiRejected, result.Outcome);
        Assert.Equal(403, result.HttpStatus);
    }

    [Fact]
    public async Task FileAsync_AgentOfAnotherNamespace_IsRejectedAsNamespaceMismatch()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = SigningIdentity.FromRecord(IdentityRecord.Create("carol", TimeProvider.System));
        using var client = h.Client();
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(agent) with { Namespace = "carol" }, CancellationToken.None);
        agent.Dispose();

        Assert.Equal(ClaimFilingOutcome.ApiRejected, result.Outcome);
        Assert.Equal(403, result.HttpStatus);
        Assert.Equal("SIGNATURE_NAMESPACE_MISMATCH", result.Code);
        var page = ClaimRequiredPage.Render(new ClaimRequiredContext { Namespace = "carol", AutoRegisterEnabled = true, Filing = result });
        Assert.Contains("--namespace carol", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileAsync_NothingListening_IsNoResponse()
    {
        await using var h = await LinkHarness.StartAsync();
        var options = h.Options();
        options.ControlPlaneUrl = ClosedPort.Url();
        using var client = h.Client(options);
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(h.Cp.NewIdentity(Ns)), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.NoResponse, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.NotNull(result.Failure);
        Assert.DoesNotContain(h.ServiceKey, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileAsync_ControlPlaneNeverAnswers_TimesOutAsNoResponse()
    {
        await using var h = await LinkHarness.StartAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = h.Options();
        options.ControlPlaneUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        options.RequestTimeout = TimeSpan.FromMilliseconds(200);
        using var client = h.Client(options);
        var filer = new ClaimFiler(client, h.Keys(), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(h.Cp.NewIdentity(Ns)), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.NoResponse, result.Outcome);
        Assert.Contains("did not answer", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileAsync_OversizedAnswer_IsNotParsed()
    {
        var huge = "{\"claim_id\":\"cl_x\",\"pad\":\"" + new string('a', ClaimFiler.MaxResponseBytes) + "\"}";
        using var handler = new StaticHandler(HttpStatusCode.Created, huge);
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused" };
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create(Ns, TimeProvider.System));
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        var filer = new ClaimFiler(client, new FakeServiceKeys(new Dictionary<string, string> { [Service] = "sk_test" }), LinkHarness.Log<ClaimFiler>());

        var result = await filer.FileAsync(Request(identity), CancellationToken.None);

        Assert.Equal(ClaimFilingOutcome.Recorded, result.Outcome);
        Assert.Null(result.ClaimId);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal("namespace-only", sent.Headers.GetValues(ClaimFiler.BindingHeader).Single());
        Assert.Equal("Bearer sk_test", sent.Headers.Authorization!.ToString());
        Assert.Equal("bob@example.com", sent.Headers.GetValues(SigilumHeaders.Subject).Single());
        using var body = JsonDocument.Parse(handler.Bodies.Single());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("nonce").GetString(), out _));
    }

    [Fact]
    public async Task FileAsync_AgentIdWithoutName_NamesTheAgentByItsId()
    {
        using var handler = new StaticHandler(HttpStatusCode.Created, "{\"claim_id\":\"cl_x\",\"status\":\"pending\"}");
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused" };
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create(Ns, TimeProvider.System));
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        var filer = new ClaimFiler(client, new FakeServiceKeys(new Dictionary<string, string> { [Service] = "sk_test" }), LinkHarness.Log<ClaimFiler>());

        await filer.FileAsync(Request(identity) with { AgentId = "research", AgentName = null }, CancellationToken.None);

        using var body = JsonDocument.Parse(handler.Bodies.Single());
        Assert.Equal("research", body.RootElement.GetProperty("agent_id").GetString());
        Assert.Equal("research", body.RootElement.GetProperty("agent_name").GetString());
    }

    private static ClaimFilingRequest Request(SigningIdentity agent) => new()
    {
        ConnectionId = Service, Namespace = Ns, PublicKey = agent.AgentKeyHeader, AgentIp = "203.0.113.7",
        Subject = "bob@example.com", AgentId = "research-bot", AgentName = "Research Bot",
    };
}
