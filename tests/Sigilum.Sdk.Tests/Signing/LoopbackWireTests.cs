using System.Net;
using System.Net.Sockets;
using System.Text;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Sdk.Signing;

/// <summary>
/// Sends signed requests over a real loopback socket and verifies them from what the server received
/// (Host header + raw request target, as the gateway rebuilds <c>@target-uri</c>).
/// </summary>
public sealed class LoopbackWireTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(1_700_000_000);
    private readonly SigningIdentity _identity;
    private readonly HttpListener _listener = new();
    private readonly int _port;

    public LoopbackWireTests()
    {
        _identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _time));
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Close();
        _identity.Dispose();
    }

    [Theory]
    [InlineData("GET", null, "/v1/items?limit=5&q=a%20b")]
    [InlineData("POST", "{\"text\":\"hello world\",\"count\":42}", "/v1/items")]
    [InlineData("PATCH", "x", "/v1/items/%7Eid?x=%2F#fragment")]
    public async Task SendAsync_OverLoopback_ServerSideVerificationSucceeds(string method, string? body, string pathAndQuery)
    {
        using var client = new HttpClient(new SigilumSigningHandler(_identity, new SigilumSigningOptions { TimeProvider = _time }, new SocketsHttpHandler()));
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{_port}{pathAndQuery}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var contextTask = _listener.GetContextAsync();
        var sending = client.SendAsync(request);
        var context = await contextTask;
        var received = await ReadAsync(context.Request);
        context.Response.StatusCode = 204;
        context.Response.Close();
        using var response = await sending;

        var result = RequestVerifier.Verify(received, new VerifyOptions { Time = _time, MaxAge = TimeSpan.FromSeconds(60) });
        Assert.True(result.IsValid, $"{result.Code}: {result.Reason} (target {received.TargetUri})");
        Assert.Equal(body is not null, context.Request.Headers["content-digest"] is not null);
    }

    private static async Task<VerifyRequest> ReadAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var headers = request.Headers.AllKeys
            .SelectMany(name => request.Headers.GetValues(name!)!.Select(value => new KeyValuePair<string, string>(name!.ToLowerInvariant(), value)))
            .ToList();
        return new VerifyRequest
        {
            Method = request.HttpMethod,
            TargetUri = $"http://{request.Headers["Host"]}{request.RawUrl}",
            Headers = headers,
            Body = body.ToArray(),
        };
    }
}
