using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Connections;

public sealed class ConnectionTestEndpointTests : IAsyncLifetime
{
    private const string Secret = "sk-test-endpoint-canary+/=42";
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body)> _seen = new();
    private int _answer = 200;
    private ConnectionsHarness _host = null!;
    private KestrelServer _upstream = null!;

    public async Task InitializeAsync()
    {
        _host = await ConnectionsHarness.StartAsync();
        _upstream = await KestrelServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            _seen.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            context.Response.StatusCode = _answer;
            if (_answer == 302)
            {
                context.Response.Headers.Location = "https://elsewhere.example/";
            }
            // An upstream that echoes the credential must not get it into our answer.
            await context.Response.WriteAsync("echo " + context.Request.Headers.Authorization);
        });
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private Task CreateAsync(string mode = "bearer", Uri? baseUri = null, string status = "active") =>
        _host.CreateAsync(new { id = "svc", base_url = (baseUri ?? _upstream.BaseUri).ToString(), path_prefix = "/api", auth_mode = mode, status, auth_secret_key = "k", secrets = new { k = Secret } });

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task Test_UpstreamOk_PassRecordedAndSecretInjected()
    {
        await CreateAsync();

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test");

        Assert.Equal(200, status);
        var json = Parse(text);
        Assert.Equal(("pass", 200), (json.GetProperty("status").GetString(), json.GetProperty("http_status").GetInt32()));
        Assert.False(json.TryGetProperty("error", out _));
        var seen = Assert.Single(_seen);
        Assert.Equal(("GET", "/api/"), (seen.Method, seen.PathAndQuery));
        Assert.Equal("Bearer " + Secret, seen.Headers["Authorization"]);
        var stored = (await _host.Store.Connections.GetAsync("svc"))!;
        Assert.Equal(("pass", 200, (string?)null, ConnectionsHarness.T0), (stored.LastTestStatus, stored.LastTestHttpStatus, stored.LastTestError, stored.LastTestedAt));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_MethodPathHeadersBody_SentAsGivenWithInjectedAuthorizationWinning()
    {
        await CreateAsync();

        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test", new
        {
            method = "post",
            test_path = "check?x=1",
            headers = new Dictionary<string, string> { ["X-Extra"] = "yes", ["Authorization"] = "Bearer agent-supplied", ["Content-Type"] = "text/plain" },
            body = "ping",
        });

        var seen = Assert.Single(_seen);
        Assert.Equal(("POST", "/api/check?x=1", "ping"), (seen.Method, seen.PathAndQuery, seen.Body));
        Assert.Equal(("yes", "Bearer " + Secret, "text/plain"), (seen.Headers["X-Extra"], seen.Headers["Authorization"], seen.Headers["Content-Type"]));
    }

    [Fact]
    public async Task Test_QueryParamMode_SecretPercentEncodedInQueryAndNoAuthorization()
    {
        await CreateAsync(mode: "query_param");

        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test", new { test_path = "/models?limit=1" });

        var seen = Assert.Single(_seen);
        Assert.Equal("/api/models?limit=1&api_key=" + Uri.EscapeDataString(Secret), seen.PathAndQuery);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Test_Upstream401_FailWithStatusAnd200()
    {
        await CreateAsync();
        _answer = 401;

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test");

        Assert.Equal(200, status);
        var json = Parse(text);
        Assert.Equal(("fail", 401, "upstream answered HTTP 401"), (json.GetProperty("status").GetString(), json.GetProperty("http_status").GetInt32(), json.GetProperty("error").GetString()));
        Assert.Equal(("fail", 401), ((await _host.Store.Connections.GetAsync("svc"))!.LastTestStatus, (await _host.Store.Connections.GetAsync("svc"))!.LastTestHttpStatus));
    }

    [Fact]
    public async Task Test_UpstreamRedirect_NotFollowed()
    {
        await CreateAsync();
        _answer = 302;

        var (_, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test");

        Assert.Equal(302, Parse(text).GetProperty("http_status").GetInt32());
        Assert.Single(_seen);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("query_param")]
    public async Task Test_NoUpstream_502FailWithoutSecretAnywhere(string mode)
    {
        await CreateAsync(mode, ClosedPort());

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test");

        Assert.Equal(502, status);
        var json = Parse(text);
        Assert.Equal("fail", json.GetProperty("status").GetString());
        Assert.False(json.TryGetProperty("http_status", out _));
        Assert.Equal("upstream request failed: connection failed", json.GetProperty("error").GetString());
        var stored = (await _host.Store.Connections.GetAsync("svc"))!;
        Assert.Equal(("fail", (int?)null), (stored.LastTestStatus, stored.LastTestHttpStatus));
        Assert.DoesNotContain("sk-test-endpoint-canary", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-endpoint-canary", stored.LastTestError!, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-endpoint-canary", _host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Secret), _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_DisabledConnection_400AndNothingSent()
    {
        await CreateAsync(status: "disabled");

        var (status, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test");

        Assert.Equal(400, status);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task Test_Unknown_404()
    {
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/nope/test")).Status);
    }

    [Theory]
    [InlineData("""{"method":"TRACE"}""")]
    [InlineData("""{"method":"GE T"}""")]
    [InlineData("""{"test_path":"/a b"}""")]
    [InlineData("""{"test_path":"/a#frag"}""")]
    [InlineData("""{"headers":{"X-A":"a\r\nX-B: b"}}""")]
    public async Task Test_BadRequestShape_400AndNothingSent(string body)
    {
        await CreateAsync();

        var (status, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/test", rawBody: body);

        Assert.Equal(400, status);
        Assert.Empty(_seen);
    }
}
