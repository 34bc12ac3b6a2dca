using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Relay;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Sealing;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// The dashboard's path to a gateway on another machine (ADR 0018), all real: a control plane, a gateway holding
/// the relay stream outbound, an upstream. Provider secrets go in sealed; the control plane only ever sees ciphertext.
/// </summary>
public sealed class RelayEndToEndTests : IAsyncLifetime
{
    private const string RelayedSecret = "sk-relayed-PLAINTEXT-9f8e7d6c5b4a";

    private readonly List<string?> _upstreamAuthorization = [];
    private readonly CapturedLogs _controlPlaneLogs = new();
    private GatewayStack _stack = null!;

    public async Task InitializeAsync() => _stack = await GatewayStack.StartAsync(EchoAsync, controlPlaneLogs: _controlPlaneLogs, relay: true);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private IGatewayRelay Relay => _stack.ControlPlane.Host!.Services.GetRequiredService<IGatewayRelay>();

    [Fact]
    public async Task Relay_SealedConnectionCreate_GatewayUsesSecretAndControlPlaneNeverSeesIt()
    {
        var gateway = await ConnectedAsync();
        var body = ConnectionBody("relayed", SealedSecret.Seal(gateway.EncryptionKey, Encoding.UTF8.GetBytes(RelayedSecret)));

        var created = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/connections", body), CancellationToken.None);

        Assert.Null(created.ErrorCode);
        Assert.Equal(StatusCodes.Status201Created, created.Status);
        Assert.DoesNotContain(RelayedSecret, created.Body, StringComparison.Ordinal);
        var serviceKey = await _stack.ControlPlane.CreateServiceAsync(_stack.OwnerToken, GatewayStack.Namespace, "relayed");
        var keySet = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId,
            new RelayCommand("PUT", "/api/admin/service-api-keys/relayed", JsonSerializer.Serialize(new { key = serviceKey })), CancellationToken.None);
        Assert.True(keySet.Status is 200 or 204, keySet.Body);

        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (var unapproved = await client.GetAsync("proxy/relayed/v1/models"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unapproved.StatusCode);
        }
        await _stack.ApprovePendingAsync(agent);
        using var approved = await RetryUntilOkAsync(client, "proxy/relayed/v1/models");

        Assert.Equal("Bearer " + RelayedSecret, _upstreamAuthorization[^1]);
        var secret = Encoding.UTF8.GetBytes(RelayedSecret);
        foreach (var file in Directory.GetFiles(_stack.ControlPlane.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"the plaintext secret is in {Path.GetFileName(file)}");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Base64Url.Encode(secret))) < 0, $"the base64url secret is in {Path.GetFileName(file)}");
        }
        Assert.NotEmpty(_controlPlaneLogs.Lines);
        Assert.DoesNotContain(RelayedSecret, _controlPlaneLogs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_SealedCredentialVariable_Stored()
    {
        var gateway = await ConnectedAsync();
        var body = "{\"key\":\"RELAYED_TOKEN\",\"sealed_value\":" + SealedSecret.Seal(gateway.EncryptionKey, Encoding.UTF8.GetBytes(RelayedSecret)).ToJson() + "}";

        var set = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/credential-variables", body), CancellationToken.None);

        Assert.Null(set.ErrorCode);
        Assert.True(set.Status is >= 200 and < 300, set.Body);
        var listed = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("GET", "/api/admin/credential-variables", null), CancellationToken.None);
        Assert.Contains("RELAYED_TOKEN", listed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(RelayedSecret, listed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_PlaintextSecrets_RefusedByControlPlaneAndNothingCreated()
    {
        await ConnectedAsync();
        var body = JsonSerializer.Serialize(new { id = "plain", base_url = "https://example.com", auth_mode = "bearer", auth_secret_key = "api_key", secrets = new { api_key = RelayedSecret } });

        var refused = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/connections", body), CancellationToken.None);

        Assert.Equal(400, refused.Status);
        Assert.Equal(ErrorCatalogue.RelayPlaintextSecret, refused.ErrorCode);
        Assert.False(await ConnectionExistsAsync("plain"));
    }

    [Fact]
    public async Task Relay_SealedToAnotherKey_SealedSecretInvalidAndNothingCreated()
    {
        await ConnectedAsync();
        using var other = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var body = ConnectionBody("wrongkid", SealedSecret.Seal(SealedSecret.PublicKey(other), Encoding.UTF8.GetBytes(RelayedSecret)));

        var refused = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/connections", body), CancellationToken.None);

        Assert.Equal(400, refused.Status);
        Assert.Equal(ErrorCatalogue.SealedSecretInvalid, refused.ErrorCode);
        Assert.False(await ConnectionExistsAsync("wrongkid"));
    }

    [Fact]
    public async Task Relay_TamperedEnvelope_SealedSecretInvalidAndNothingCreated()
    {
        var gateway = await ConnectedAsync();
        var envelope = SealedSecret.Seal(gateway.EncryptionKey, Encoding.UTF8.GetBytes(RelayedSecret));
        Assert.True(Base64Url.TryDecode(envelope.Ct, out var ct));
        ct[3] ^= 0x20;
        var body = ConnectionBody("tampered", envelope with { Ct = Base64Url.Encode(ct) });

        var refused = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/connections", body), CancellationToken.None);

        Assert.Equal(400, refused.Status);
        Assert.Equal(ErrorCatalogue.SealedSecretInvalid, refused.ErrorCode);
        Assert.False(await ConnectionExistsAsync("tampered"));
    }

    [Fact]
    public async Task Relay_Health_AnsweredByTheGateway()
    {
        await ConnectedAsync();

        var health = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);

        Assert.Equal(200, health.Status);
        Assert.Null(health.ErrorCode);
        Assert.Contains("ok", health.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminRelayStop_ClosesTheStreamUntilStart()
    {
        await ConnectedAsync();
        using var admin = _stack.AdminClient();

        using (var stopped = await admin.PostAsync("api/admin/relay/stop", null))
        {
            stopped.EnsureSuccessStatusCode();
            Assert.False((await stopped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());
        }
        await UntilAsync(() => Relay.Connected(GatewayStack.Namespace).Count == 0);
        var refused = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);
        Assert.Equal(ErrorCatalogue.GatewayNotConnected, refused.ErrorCode);

        (await admin.PostAsync("api/admin/relay/start", null)).EnsureSuccessStatusCode();
        await ConnectedAsync();
        var status = await admin.GetFromJsonAsync<JsonElement>("api/admin/relay");
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(_stack.NodeId, status.GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task RelayLink_ControlPlaneRestarted_Reconnects()
    {
        await ConnectedAsync();
        var url = _stack.ControlPlane.BaseUri.ToString().TrimEnd('/');

        await _stack.ControlPlane.RestartAsync(url);
        await ConnectedAsync();

        var health = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("GET", "/health", null), CancellationToken.None);
        Assert.Equal(200, health.Status);
        var node = await _stack.ControlPlane.Host!.Store.Nodes.FindByKeyAsync(GatewayStack.Namespace, _stack.GatewayIdentity.PublicKey);
        Assert.NotNull(node?.LastSeenAt);
    }

    [Fact]
    public async Task AdminRelay_FromTheControlPlane_NotAllowed()
    {
        await ConnectedAsync();

        var refused = await Relay.SendAsync(GatewayStack.Namespace, _stack.NodeId, new RelayCommand("POST", "/api/admin/relay/stop", null), CancellationToken.None);

        Assert.Equal(ErrorCatalogue.RelayPathNotAllowed, refused.ErrorCode);
        Assert.Single(Relay.Connected(GatewayStack.Namespace));
    }

    private string ConnectionBody(string id, SealedSecretEnvelope envelope) =>
        "{\"id\":\"" + id + "\",\"name\":\"Relayed\",\"base_url\":\"" + _stack.Upstream.BaseUri.ToString().TrimEnd('/') + "\",\"auth_mode\":\"bearer\",\"auth_secret_key\":\"api_key\",\"sealed_secrets\":{\"api_key\":" + envelope.ToJson() + "}}";

    private async Task<RelayedGateway> ConnectedAsync()
    {
        await UntilAsync(() => Relay.Connected(GatewayStack.Namespace).Any(g => g.NodeId == _stack.NodeId));
        return Relay.Connected(GatewayStack.Namespace).Single(g => g.NodeId == _stack.NodeId);
    }

    private async Task<bool> ConnectionExistsAsync(string id)
    {
        using var admin = _stack.AdminClient();
        using var response = await admin.GetAsync("api/admin/connections/" + id);
        return response.IsSuccessStatusCode;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 400 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition(), "the condition did not become true");
    }

    private static async Task<HttpResponseMessage> RetryUntilOkAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK || attempt == 200)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }
            response.Dispose();
            await Task.Delay(25);
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task EchoAsync(HttpContext context)
    {
        lock (_upstreamAuthorization)
        {
            _upstreamAuthorization.Add(context.Request.Headers.Authorization.ToString());
        }
        await context.Response.WriteAsync("{\"ok\":true}");
    }
}
