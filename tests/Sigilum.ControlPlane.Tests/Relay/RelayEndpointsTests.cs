using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// The control plane's relay (ADR 0018) with a hand-driven gateway on the stream: each refusal with only its
/// condition broken, the owner JSON API, and the multi-instance answer (no stream here → 503, never a hang).
/// </summary>
public sealed class RelayEndpointsTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;
    private string _token = null!;
    private SigningIdentity _gateway = null!;
    private string _nodeId = null!;

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync();
        (_, _token) = await _cp.RegisterOwnerAsync("alice");
        _gateway = _cp.NewIdentity("alice");
        _nodeId = await FakeRelayGateway.RegisterAsync(_cp, _token, _gateway);
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    private IGatewayRelay Relay => _cp.Host.Services.GetRequiredService<IGatewayRelay>();

    [Fact]
    public async Task Stream_UnregisteredKey_403()
    {
        var stranger = _cp.NewIdentity("alice");
        var client = _cp.SignedClient(stranger);

        using var response = await client.GetAsync("v1/gateway/relay/stream?encryption_key=" + FakeRelayGateway.NewPublicKey(), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(Relay.Connected("alice"));
    }

    [Fact]
    public async Task Stream_Unsigned_401()
    {
        var client = _cp.PlainClient();

        using var response = await client.GetAsync("v1/gateway/relay/stream?encryption_key=" + FakeRelayGateway.NewPublicKey(), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE")] // an Ed25519 SPKI
    public async Task Stream_BadEncryptionKey_400(string key)
    {
        var client = _cp.SignedClient(_gateway);

        using var response = await client.GetAsync("v1/gateway/relay/stream?encryption_key=" + key, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Stream_RegisteredGateway_ListedWithItsKey()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var connected = Assert.Single(Relay.Connected("alice"));
        Assert.Equal(_nodeId, connected.NodeId);
        Assert.Equal(fake.PublicKey, connected.EncryptionKey);
        Assert.Equal(Sigilum.Protocol.Sealing.SealedSecret.ParsePublicKey(fake.PublicKey).Value, connected.EncryptionKeyId);
        Assert.Empty(Relay.Connected("bob"));
        using var owner = _cp.PlainClient(_token);
        var status = await owner.GetFromJsonAsync<JsonElement>("v1/gateway/pairing/status");
        Assert.Equal(_nodeId, Assert.Single(status.GetProperty("gateways").EnumerateArray().ToList()).GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task SendAsync_GatewayAnswers_ReturnsItsStatusAndBody()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var sending = Relay.SendAsync("alice", _nodeId, new RelayCommand("get", "/api/admin/connections?x=1", null), CancellationToken.None);
        var (name, command) = await fake.NextEventAsync();
        Assert.Equal("command", name);
        Assert.Equal("GET", command.GetProperty("method").GetString());
        Assert.Equal("/api/admin/connections", command.GetProperty("path").GetString());
        using var answered = await FakeRelayGateway.AnswerAsync(fake.Client, command.GetProperty("request_id").GetString()!, 200, "{\"connections\":[]}");
        answered.EnsureSuccessStatusCode();
        var response = await sending;

        Assert.Equal(new RelayResponse(200, "{\"connections\":[]}", null), response);
    }

    [Fact]
    public async Task SendAsync_NoStream_503NotConnected()
    {
        var response = await Relay.SendAsync("alice", _nodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);

        Assert.Equal(503, response.Status);
        Assert.Equal(ErrorCatalogue.GatewayNotConnected, response.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_StreamOfAnotherNamespace_503NotConnected()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await Relay.SendAsync("bob", _nodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);

        Assert.Equal(ErrorCatalogue.GatewayNotConnected, response.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_StreamOnAnotherInstance_503NotConnectedWithoutWaiting()
    {
        await using var other = await ControlPlaneFixture.StartBesideAsync(_cp);
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await other.Host.Services.GetRequiredService<IGatewayRelay>()
            .SendAsync("alice", _nodeId, new RelayCommand("GET", "/health", null, TimeSpan.FromSeconds(60)), CancellationToken.None);

        Assert.Equal(503, response.Status);
        Assert.Equal(ErrorCatalogue.GatewayNotConnected, response.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_GatewayNeverAnswers_504Timeout()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await Relay.SendAsync("alice", _nodeId, new RelayCommand("GET", "/health", null, TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(504, response.Status);
        Assert.Equal(ErrorCatalogue.GatewayRelayTimeout, response.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_StreamEndsBeforeAnswer_502Failed()
    {
        var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);
        var sending = Relay.SendAsync("alice", _nodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);
        Assert.Equal("command", (await fake.NextEventAsync()).Name);

        await fake.DisposeAsync();
        var response = await sending;

        Assert.Equal(502, response.Status);
        Assert.Equal(ErrorCatalogue.GatewayRelayFailed, response.ErrorCode);
    }

    [Theory]
    [InlineData("GET", "/api/admin/relay")]
    [InlineData("POST", "/api/admin/relay/stop")]
    [InlineData("DELETE", "/api/admin/connections")]
    [InlineData("GET", "/api/admin/connections/../relay")]
    [InlineData("GET", "/metrics")]
    [InlineData("PUT", "/api/admin/service-catalog")]
    public async Task SendAsync_PathNotAllowed_400BeforeSending(string method, string path)
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await Relay.SendAsync("alice", _nodeId, new RelayCommand(method, path, null), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Equal(ErrorCatalogue.RelayPathNotAllowed, response.ErrorCode);
    }

    [Theory]
    [InlineData("/api/admin/connections", "{\"id\":\"x\",\"secrets\":{\"api_key\":\"sk-plain\"}}")]
    [InlineData("/api/admin/connections", "{\"id\":\"x\",\"Secrets\":{\"api_key\":\"sk-plain\"}}")]
    [InlineData("/api/admin/credential-variables", "{\"key\":\"K\",\"value\":\"sk-plain\"}")]
    public async Task SendAsync_PlaintextSecret_400BeforeSending(string path, string body)
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await Relay.SendAsync("alice", _nodeId, new RelayCommand("POST", path, body), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Equal(ErrorCatalogue.RelayPlaintextSecret, response.ErrorCode);
        Assert.DoesNotContain("sk-plain", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BodyNotAnObject_400()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);

        var response = await Relay.SendAsync("alice", _nodeId, new RelayCommand("POST", "/api/admin/connections", "[\"sk-plain\"]"), CancellationToken.None);

        Assert.Equal(ErrorCatalogue.RelayBodyInvalid, response.ErrorCode);
    }

    [Fact]
    public async Task Responses_FromAnotherNode_RefusedAndCommandStillWaits()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);
        var intruder = _cp.NewIdentity("alice");
        await FakeRelayGateway.RegisterAsync(_cp, _token, intruder);
        var sending = Relay.SendAsync("alice", _nodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);
        var requestId = (await fake.NextEventAsync()).Data.GetProperty("request_id").GetString()!;

        using var forged = await FakeRelayGateway.AnswerAsync(_cp.SignedClient(intruder), requestId, 200, "{\"forged\":true}");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.False(sending.IsCompleted);
        using var genuine = await FakeRelayGateway.AnswerAsync(fake.Client, requestId, 200, "{\"status\":\"ok\"}");
        genuine.EnsureSuccessStatusCode();

        Assert.Equal("{\"status\":\"ok\"}", (await sending).Body);
    }

    [Fact]
    public async Task Responses_FromUnregisteredKey_403()
    {
        var stranger = _cp.SignedClient(_cp.NewIdentity("alice"));

        using var response = await FakeRelayGateway.AnswerAsync(stranger, Guid.NewGuid().ToString(), 200, null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PairingCommand_Answered_200WithGatewayStatusInside()
    {
        await using var fake = await FakeRelayGateway.ConnectAsync(_cp, _gateway, _nodeId);
        using var owner = _cp.PlainClient(_token);

        var sending = owner.PostAsJsonAsync("v1/gateway/pairing/command", new { node_id = _nodeId, method = "DELETE", path = "/api/admin/connections/echo" });
        var command = (await fake.NextEventAsync()).Data;
        using var answered = await FakeRelayGateway.AnswerAsync(fake.Client, command.GetProperty("request_id").GetString()!, 404, "{\"code\":\"NOT_FOUND\"}");
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal(command.GetProperty("request_id").GetString(), json.GetProperty("request_id").GetString());
        Assert.Equal("{\"code\":\"NOT_FOUND\"}", json.GetProperty("body").GetString());
    }

    [Fact]
    public async Task PairingCommand_NotConnected_503Problem()
    {
        using var owner = _cp.PlainClient(_token);

        using var response = await owner.PostAsJsonAsync("v1/gateway/pairing/command", new { node_id = _nodeId, method = "GET", path = "/health" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("GATEWAY_NOT_CONNECTED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(999)]
    [InlineData(60001)]
    public async Task PairingCommand_TimeoutOutOfRange_400(int timeoutMs)
    {
        using var owner = _cp.PlainClient(_token);

        using var response = await owner.PostAsJsonAsync("v1/gateway/pairing/command", new { node_id = _nodeId, method = "GET", path = "/health", timeout_ms = timeoutMs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PairingCommand_WithoutOwnerToken_401()
    {
        using var anonymous = _cp.PlainClient();

        using var response = await anonymous.PostAsJsonAsync("v1/gateway/pairing/command", new { node_id = _nodeId, method = "GET", path = "/health" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
