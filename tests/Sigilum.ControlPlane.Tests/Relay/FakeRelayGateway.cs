using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Sigilum.Protocol.Sealing;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Relay;

/// <summary>A registered gateway node holding a relay stream by hand, so a test decides whether and how it answers.</summary>
internal sealed class FakeRelayGateway : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly ECDiffieHellman _key;

    private FakeRelayGateway(HttpClient client, HttpResponseMessage response, StreamReader reader, ECDiffieHellman key, string nodeId)
    {
        Client = client;
        _response = response;
        _reader = reader;
        _key = key;
        NodeId = nodeId;
    }

    public HttpClient Client { get; }

    public string NodeId { get; }

    public static async Task<string> RegisterAsync(ControlPlaneFixture cp, string token, SigningIdentity gateway)
    {
        using var owner = cp.PlainClient(token);
        using var registered = await owner.PostAsJsonAsync($"v1/namespaces/{gateway.Namespace}/nodes", new { kind = "gateway", name = "gw", public_key = gateway.AgentKeyHeader });
        registered.EnsureSuccessStatusCode();
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static string NewPublicKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return SealedSecret.PublicKey(key);
    }

    /// <summary>Opens the stream for an already registered node and waits for its <c>ready</c> event.</summary>
    public static async Task<FakeRelayGateway> ConnectAsync(ControlPlaneFixture cp, SigningIdentity gateway, string nodeId)
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var client = cp.SignedClient(gateway);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/gateway/relay/stream?encryption_key=" + SealedSecret.PublicKey(key)), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var fake = new FakeRelayGateway(client, response, reader, key, nodeId);
        var (name, _) = await fake.NextEventAsync();
        Assert.Equal("ready", name);
        return fake;
    }

    public string PublicKey => SealedSecret.PublicKey(_key);

    /// <summary>The next event (comments skipped).</summary>
    public async Task<(string Name, JsonElement Data)> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? name = null, data = null;
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && name is not null && data is not null)
            {
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        throw new InvalidOperationException("The relay stream ended.");
    }

    public static Task<HttpResponseMessage> AnswerAsync(HttpClient client, string requestId, int status, string? body) =>
        client.PostAsJsonAsync("v1/gateway/relay/responses", new { request_id = requestId, status, headers = new Dictionary<string, string> { ["content-type"] = "application/json" }, body, error = (string?)null });

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _key.Dispose();
        await Task.CompletedTask;
    }
}
