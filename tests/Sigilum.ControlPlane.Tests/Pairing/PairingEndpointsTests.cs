using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sigilum.ControlPlane.Pairing;

/// <summary>Pairing a gateway by session id + code (spec §4.10): each refusal with only that condition broken.</summary>
public sealed class PairingEndpointsTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync();
        (_, _token) = await _cp.RegisterOwnerAsync("alice");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task Start_Owner_ReturnsSessionAndEightCharacterCode()
    {
        var session = await StartAsync();

        Assert.True(Guid.TryParse(session.GetProperty("session_id").GetString(), out _));
        var code = session.GetProperty("pair_code").GetString()!;
        Assert.Equal(8, code.Length);
        Assert.All(code, c => Assert.Contains(c, PairingCodes.Alphabet));
        Assert.Equal("alice", session.GetProperty("namespace").GetString());
        Assert.Equal(600, session.GetProperty("ttl_seconds").GetInt32());
    }

    [Fact]
    public async Task Start_WithoutOwnerToken_401()
    {
        using var anonymous = _cp.PlainClient();

        using var response = await anonymous.PostAsJsonAsync("/v1/gateway/pairing/start", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Start_OtherNamespace_403()
    {
        using var owner = _cp.PlainClient(_token);

        using var response = await owner.PostAsJsonAsync("/v1/gateway/pairing/start", new { @namespace = "bob" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(3601)]
    public async Task Start_TtlOutOfRange_400(int ttl)
    {
        using var owner = _cp.PlainClient(_token);

        using var response = await owner.PostAsJsonAsync("/v1/gateway/pairing/start", new { ttl_seconds = ttl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Register_RightCode_RegistersTheSignersKeyAsGatewayNode()
    {
        var session = await StartAsync();
        using var gateway = _cp.NewIdentity("alice");

        using var response = await RegisterAsync(gateway, session.GetProperty("session_id").GetString()!, session.GetProperty("pair_code").GetString()!.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var node = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("gateway", node.GetProperty("kind").GetString());
        Assert.Equal(gateway.AgentKeyHeader, node.GetProperty("public_key").GetString());
        Assert.NotNull(await _cp.Host.Store.Nodes.FindByKeyAsync("alice", gateway.AgentKeyHeader));
    }

    [Fact]
    public async Task Register_CodeUsedTwice_SecondRefused()
    {
        var session = await StartAsync();
        using var first = _cp.NewIdentity("alice");
        using var second = _cp.NewIdentity("alice");
        var id = session.GetProperty("session_id").GetString()!;
        var code = session.GetProperty("pair_code").GetString()!;

        using var accepted = await RegisterAsync(first, id, code);
        using var refused = await RegisterAsync(second, id, code);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("PAIRING_CODE_INVALID", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Null(await _cp.Host.Store.Nodes.FindByKeyAsync("alice", second.AgentKeyHeader));
    }

    [Fact]
    public async Task Register_WrongCode_Refused()
    {
        var session = await StartAsync();
        using var gateway = _cp.NewIdentity("alice");
        var code = session.GetProperty("pair_code").GetString()!;
        var wrong = (code[0] == 'A' ? "B" : "A") + code[1..];

        using var response = await RegisterAsync(gateway, session.GetProperty("session_id").GetString()!, wrong);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await _cp.Host.Store.Nodes.FindByKeyAsync("alice", gateway.AgentKeyHeader));
    }

    [Fact]
    public async Task Register_GatewayKeyOfAnotherNamespace_Refused()
    {
        var session = await StartAsync();
        using var stranger = _cp.NewIdentity("mallory");

        using var response = await RegisterAsync(stranger, session.GetProperty("session_id").GetString()!, session.GetProperty("pair_code").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Register_SessionNoLongerUsable_Refused()
    {
        using var owner = _cp.PlainClient(_token);
        using var started = await owner.PostAsJsonAsync("/v1/gateway/pairing/start", new { ttl_seconds = 30 });
        var session = await started.Content.ReadFromJsonAsync<JsonElement>();
        // End it in the store directly (expiry and revocation share IsUsable): the fixture runs on the real clock and tests do not sleep.
        var hash = PairingCodes.Hash(session.GetProperty("session_id").GetString()!, session.GetProperty("pair_code").GetString()!);
        Assert.True(await _cp.Host.Store.Sessions.RevokeAsync(hash, DateTimeOffset.UnixEpoch.AddYears(60)));
        using var gateway = _cp.NewIdentity("alice");

        using var response = await RegisterAsync(gateway, session.GetProperty("session_id").GetString()!, session.GetProperty("pair_code").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Register_Unsigned_401()
    {
        var session = await StartAsync();
        using var anonymous = _cp.PlainClient();

        using var response = await anonymous.PostAsJsonAsync("/v1/gateway/pairing/register",
            new { session_id = session.GetProperty("session_id").GetString(), pair_code = session.GetProperty("pair_code").GetString() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Register_MalformedCode_400()
    {
        using var gateway = _cp.NewIdentity("alice");

        using var response = await RegisterAsync(gateway, Guid.NewGuid().ToString(), "0O1I");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonElement> StartAsync()
    {
        using var owner = _cp.PlainClient(_token);
        using var response = await owner.PostAsJsonAsync("/v1/gateway/pairing/start", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> RegisterAsync(Protocol.Signatures.SigningIdentity gateway, string sessionId, string code)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { session_id = sessionId, pair_code = code, name = "gw-test", version = "1.0.0" });
        using var request = ManualSigning.Build(_cp, gateway, HttpMethod.Post, "/v1/gateway/pairing/register", body);
        using var client = _cp.PlainClient();
        return await client.SendAsync(request);
    }
}
