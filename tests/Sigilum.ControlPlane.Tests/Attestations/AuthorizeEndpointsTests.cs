using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Jose;

namespace Sigilum.ControlPlane.Attestations;

/// <summary><c>POST /v1/authorize</c> decisions on real HTTP: approve, hold, deny, each for one reason.</summary>
public sealed partial class AuthorizeEndpointsTests : IAsyncLifetime
{
    private const string Url = "https://api.openai.com/v1/chat/completions";
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
    public async Task Authorize_ApprovedClaim_ReturnsAttestationThatVerifiesAgainstServedJwks()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = await _cp.ApprovedAgentAsync(_token, agent, Url);

        var response = await _cp.AuthorizeAsync(agent, "POST", Url, agentId: "agent-7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sigil-attestations-v1", Assert.Single(response.Headers.GetValues("X-SOF-Version")));
        var body = await AttestationFixture.JsonAsync(response);
        Assert.Equal("APPROVED", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("hold_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error_code").ValueKind);
        Assert.Equal("openai", body.GetProperty("service").GetString());
        var claims = Validate(body.GetProperty("intent_attestation").GetString(), await _cp.FetchJwksAsync(), "POST", Url);
        Assert.True(claims.IsSuccess, claims.Error?.ToString());
        Assert.Equal("sigilum-control-plane", claims.Value.Issuer);
        Assert.Equal(["sigil-vault"], claims.Value.Audiences);
        Assert.Equal(agent.KeyId, claims.Value.Subject);
        Assert.Equal(TimeSpan.FromSeconds(30), claims.Value.ExpiresAt - claims.Value.IssuedAt);
        Assert.Equal(body.GetProperty("policy_hash").GetString(), claims.Value.PolicyHash);
        Assert.Equal("agent-7", claims.Value.Payload.GetProperty("agentId").GetString());
        Assert.Equal("test", claims.Value.Payload.GetProperty("framework").GetString());
        var claim = (await _cp.Host.Store.Claims.GetAsync(holdId))!;
        Assert.Equal(ClaimPolicy.Hash(claim), claims.Value.PolicyHash);
    }

    [Fact]
    public async Task Authorize_ApprovedClaim_AttestationHasEdDsaJwtHeaderWithCurrentKid()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url);

        var token = (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url))).GetProperty("intent_attestation").GetString()!;

        Assert.True(Sigilum.Protocol.Encoding.Base64Url.TryDecode(token.Split('.')[0], out var headerBytes));
        var header = JsonDocument.Parse(headerBytes).RootElement;
        Assert.Equal("EdDSA", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(Assert.Single((await _cp.FetchJwksAsync()).Keys).Kid, header.GetProperty("kid").GetString());
    }

    [Theory]
    [InlineData("GET", "https://api.openai.com/v1/files")]
    [InlineData("DELETE", Url)]
    public async Task Authorize_ApprovedClaim_AttestationFailsForAnotherIntent(string method, string url)
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url);

        var token = (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "POST", Url))).GetProperty("intent_attestation").GetString();

        var claims = Validate(token, await _cp.FetchJwksAsync(), method, url);
        Assert.Equal(ErrorCatalogue.AttestationIntentMismatch, claims.Error?.Code);
    }

    [Fact]
    public async Task Authorize_ApprovalExpiresSoon_LifetimeCappedAtApprovalExpiry()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url, new { expires_in_seconds = 3600 });
        _cp.Time.Advance(TimeSpan.FromSeconds(3600 - 10));

        var token = (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url))).GetProperty("intent_attestation").GetString();

        var claims = Validate(token, await _cp.FetchJwksAsync(), "GET", Url);
        Assert.Equal(TimeSpan.FromSeconds(10), claims.Value!.ExpiresAt - claims.Value.IssuedAt);
    }

    [Fact]
    public async Task Authorize_NoClaim_HoldsAndFilesPendingClaimTheOwnerSees()
    {
        var agent = _cp.NewIdentity("alice");

        var response = await _cp.AuthorizeAsync(agent, "GET", Url, agentId: "agent-7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sigil-attestations-v1", Assert.Single(response.Headers.GetValues("X-SOF-Version")));
        var body = await AttestationFixture.JsonAsync(response);
        Assert.Equal("HOLD", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("intent_attestation").ValueKind);
        var holdId = body.GetProperty("hold_id").GetString();
        var pending = await _cp.PlainClient(_token).GetFromJsonAsync<JsonElement>("v1/namespaces/alice/claims?status=pending");
        var claim = Assert.Single(pending.GetProperty("claims").EnumerateArray());
        Assert.Equal(holdId, claim.GetProperty("claim_id").GetString());
        Assert.Equal(agent.AgentKeyHeader, claim.GetProperty("public_key").GetString());
        Assert.Equal(("openai", "agent-7"), (claim.GetProperty("service").GetString(), claim.GetProperty("agent_id").GetString()));
    }

    [Fact]
    public async Task Authorize_AgainWhilePending_ReturnsSameHold()
    {
        var agent = _cp.NewIdentity("alice");
        var first = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url));

        var second = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "POST", Url));

        Assert.Equal("HOLD", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("hold_id").GetString(), second.GetProperty("hold_id").GetString());
    }

    [Fact]
    public async Task Authorize_AfterOwnerApprovesHold_IsApproved()
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url))).GetProperty("hold_id").GetString()!;

        await _cp.DecideAsync(_token, holdId, "approve");
        var body = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url));

        Assert.Equal("APPROVED", body.GetProperty("status").GetString());
        Assert.True(Validate(body.GetProperty("intent_attestation").GetString(), await _cp.FetchJwksAsync(), "GET", Url).IsSuccess);
    }

    private Protocol.Result<AttestationClaims> Validate(string? token, Jwks jwks, string method, string url) => _cp.Validate(token, jwks, method, url);

    private static async Task AssertDeniedAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sigil-attestations-v1", Assert.Single(response.Headers.GetValues("X-SOF-Version")));
        var body = await AttestationFixture.JsonAsync(response);
        Assert.Equal(("DENIED", code), (body.GetProperty("status").GetString(), body.GetProperty("error_code").GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("intent_attestation").ValueKind);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }
}
