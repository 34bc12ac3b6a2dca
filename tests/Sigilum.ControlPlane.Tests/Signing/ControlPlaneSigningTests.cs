using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.ControlPlane.Signing;

/// <summary>
/// The control plane's side of ADR 0024: its key is published and shared by instances with one master key,
/// registrations answer with it, every stream event carries a signature bound to the caller and its challenge, and a
/// malformed challenge is refused on each route that signs one.
/// </summary>
public sealed class ControlPlaneSigningTests : IAsyncLifetime
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
    public async Task KeyEndpoint_PublishesTheSigningKey_SameOnAnInstanceSharingTheMasterKey()
    {
        var published = await _cp.PlainClient().GetFromJsonAsync<JsonElement>("v1/control-plane/key");
        await using var beside = await ControlPlaneFixture.StartBesideAsync(_cp);

        Assert.Equal("Ed25519", published.GetProperty("algorithm").GetString());
        Assert.Equal(_cp.Host.ControlPlaneKey, published.GetProperty("public_key").GetString());
        Assert.True(ControlPlaneKey.TryParse(_cp.Host.ControlPlaneKey, out var key));
        Assert.Equal(ControlPlaneKey.Fingerprint(key), published.GetProperty("fingerprint").GetString());
        Assert.Equal(_cp.Host.ControlPlaneKey, beside.Host.ControlPlaneKey);
    }

    [Fact]
    public async Task NodeRegistration_AnswersWithTheControlPlaneKey()
    {
        var gateway = _cp.NewIdentity("alice");

        using var registered = await _cp.PlainClient(_token).PostAsJsonAsync("v1/namespaces/alice/nodes", new { kind = "gateway", public_key = gateway.AgentKeyHeader });
        var node = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await _cp.PlainClient(_token).GetFromJsonAsync<JsonElement>("v1/namespaces/alice/nodes");

        Assert.Equal(_cp.Host.ControlPlaneKey, node.GetProperty("control_plane_key").GetString());
        // Only the registration's answer carries it.
        Assert.False(listed.GetProperty("nodes")[0].TryGetProperty("control_plane_key", out _));
    }

    [Fact]
    public async Task Stream_EveryEventSigned_ForTheCallerItsChallengeAndPosition()
    {
        var gateway = await RegisteredGatewayAsync();
        var challenge = ControlPlaneSignature.NewChallenge();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/stream?challenge=" + challenge);
        using var response = await _cp.SignedClient(gateway).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            fields[line[..colon]] = line[(colon + 2)..];
        }
        Assert.True(ControlPlaneKey.TryParse(_cp.Host.ControlPlaneKey, out var key));

        Assert.Equal("snapshot", fields["event"]);
        Assert.True(ControlPlaneSignature.Verify(key, fields["sig"], ControlPlaneSignature.StreamEvent,
            ["alice", gateway.AgentKeyHeader, challenge, "1", "snapshot", fields["id"], ControlPlaneSignature.Digest(fields["data"])]));
        // Not valid for another position, another challenge or another gateway.
        Assert.False(ControlPlaneSignature.Verify(key, fields["sig"], ControlPlaneSignature.StreamEvent,
            ["alice", gateway.AgentKeyHeader, challenge, "2", "snapshot", fields["id"], ControlPlaneSignature.Digest(fields["data"])]));
        Assert.False(ControlPlaneSignature.Verify(key, fields["sig"], ControlPlaneSignature.StreamEvent,
            ["alice", gateway.AgentKeyHeader, ControlPlaneSignature.NewChallenge(), "1", "snapshot", fields["id"], ControlPlaneSignature.Digest(fields["data"])]));
    }

    [Theory]
    [InlineData("v1/stream?challenge=short")]
    [InlineData("v1/stream?challenge=not%2Bbase64url%2Bchallenge%2B%2B")]
    public async Task Stream_MalformedChallenge_400ValidationError(string path)
    {
        var gateway = await RegisteredGatewayAsync();
        using var response = await _cp.SignedClient(gateway).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task RelayStream_ValidEncryptionKeyButMalformedChallenge_400ValidationError()
    {
        var gateway = await RegisteredGatewayAsync();
        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var encryptionKey = Protocol.Encoding.Base64Url.Encode(p256.ExportSubjectPublicKeyInfo());
        using var valid = new HttpRequestMessage(HttpMethod.Get, $"v1/gateway/relay/stream?encryption_key={encryptionKey}&challenge={ControlPlaneSignature.NewChallenge()}");
        using (var accepted = await _cp.SignedClient(gateway).SendAsync(valid, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var response = await _cp.SignedClient(gateway).GetAsync($"v1/gateway/relay/stream?encryption_key={encryptionKey}&challenge=short");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Witness_MalformedChallenge_400ValidationError()
    {
        var gateway = await RegisteredGatewayAsync();
        using var response = await _cp.SignedClient(gateway).PostAsync("v1/witness/checkpoints?challenge=short", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private async Task<Protocol.Signatures.SigningIdentity> RegisteredGatewayAsync()
    {
        var gateway = _cp.NewIdentity("alice");
        (await _cp.PlainClient(_token).PostAsJsonAsync("v1/namespaces/alice/nodes", new { kind = "gateway", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        return gateway;
    }
}
