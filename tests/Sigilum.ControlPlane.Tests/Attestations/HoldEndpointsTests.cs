using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sigilum.ControlPlane.Attestations;

/// <summary><c>GET /v1/holds/{id}</c>: the hold follows its claim, and only its agent can see it.</summary>
public sealed class HoldEndpointsTests : IAsyncLifetime
{
    private const string Url = "https://api.openai.com/v1/models";
    private AttestationFixture _cp = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _cp = await AttestationFixture.StartAsync();
        _token = await _cp.RegisterOwnerAsync("alice");
        await _cp.CreateServiceAsync(_token, "alice", "openai", "api.openai.com");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task Hold_FollowsOwnerDecisions_PendingApprovedDenied()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = await HoldAsync(agent);

        Assert.Equal("PENDING", await StatusAsync(agent, holdId));
        await _cp.DecideAsync(_token, holdId, "approve");
        Assert.Equal("APPROVED", await StatusAsync(agent, holdId));
        await _cp.DecideAsync(_token, holdId, "revoke");
        Assert.Equal("DENIED", await StatusAsync(agent, holdId));
    }

    [Fact]
    public async Task Hold_Rejected_IsDenied()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = await HoldAsync(agent);

        await _cp.DecideAsync(_token, holdId, "reject");

        Assert.Equal("DENIED", await StatusAsync(agent, holdId));
    }

    [Fact]
    public async Task Hold_ApprovalPastItsExpiry_IsExpired()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = await HoldAsync(agent);
        await _cp.DecideAsync(_token, holdId, "approve", new { expires_in_seconds = 120 });

        _cp.Time.Advance(TimeSpan.FromSeconds(120));

        Assert.Equal("EXPIRED", await StatusAsync(agent, holdId));
    }

    [Fact]
    public async Task Hold_ResponseCarriesIdServiceAndVersionHeader()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = await HoldAsync(agent);

        var response = await _cp.SignedClient(agent).GetAsync($"v1/holds/{holdId}");

        Assert.Equal("sigil-attestations-v1", Assert.Single(response.Headers.GetValues("X-SOF-Version")));
        var body = await AttestationFixture.JsonAsync(response);
        Assert.Equal((holdId, "openai"), (body.GetProperty("hold_id").GetString(), body.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Hold_ReadByAnotherAgentOfTheNamespace_IsNotFound()
    {
        var holdId = await HoldAsync(_cp.NewIdentity("alice"));

        var response = await _cp.SignedClient(_cp.NewIdentity("alice")).GetAsync($"v1/holds/{holdId}");

        await AssertNotFoundAsync(response);
    }

    [Fact]
    public async Task Hold_ReadByAgentOfAnotherNamespace_IsNotFound()
    {
        var holdId = await HoldAsync(_cp.NewIdentity("alice"));
        await _cp.RegisterOwnerAsync("mallory");

        var response = await _cp.SignedClient(_cp.NewIdentity("mallory")).GetAsync($"v1/holds/{holdId}");

        await AssertNotFoundAsync(response);
    }

    [Theory]
    [InlineData("cl_000000000000000000000000")]
    [InlineData("x")]
    public async Task Hold_UnknownId_IsNotFound(string id)
    {
        await AssertNotFoundAsync(await _cp.SignedClient(_cp.NewIdentity("alice")).GetAsync($"v1/holds/{id}"));
    }

    [Fact]
    public async Task Hold_Unsigned_Returns401()
    {
        var holdId = await HoldAsync(_cp.NewIdentity("alice"));

        var response = await _cp.PlainClient().GetAsync($"v1/holds/{holdId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> HoldAsync(Protocol.Signatures.SigningIdentity agent) =>
        (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url))).GetProperty("hold_id").GetString()!;

    private async Task<string?> StatusAsync(Protocol.Signatures.SigningIdentity agent, string holdId) =>
        (await _cp.SignedClient(agent).GetFromJsonAsync<JsonElement>($"v1/holds/{holdId}")).GetProperty("status").GetString();

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
