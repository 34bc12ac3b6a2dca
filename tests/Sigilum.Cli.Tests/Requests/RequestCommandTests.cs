using System.Net;
using System.Text;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Requests;

public sealed class RequestCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly FakeServer _server = new();

    public RequestCommandTests()
    {
        _cli.InstallFixtureIdentity();
        _cli.CreateHttpHandler = () => _server;
    }

    public void Dispose() => _cli.Dispose();

    private VerificationResult VerifyReceived()
    {
        var (method, target, headers, body, _) = _server.Received[^1];
        return RequestVerifier.Verify(
            new VerifyRequest { Method = method, TargetUri = target, Headers = headers, Body = body },
            new VerifyOptions { Time = _cli.Time, MaxAge = TimeSpan.FromSeconds(60) });
    }

    [Fact]
    public async Task Request_PostJson_SendsVerifiableRequestAndPrintsBody()
    {
        var run = await _cli.RunAsync("request", "POST", "http://127.0.0.1:38100/proxy/svc/items", "--body", "{\"a\":1}");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"ok\":true}\n", run.Stdout);
        Assert.StartsWith("HTTP/1.1 200 OK", run.Stderr, StringComparison.Ordinal);
        var result = VerifyReceived();
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("fixture-alice", result.Namespace);
        Assert.Equal("application/json", _server.Received[^1].ContentType);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(_server.Received[^1].Body));
    }

    [Fact]
    public async Task Request_GetWithoutBody_SendsNoContentDigest()
    {
        await _cli.RunAsync("request", "GET", "https://api.example.test/v1/items?limit=2");

        Assert.True(VerifyReceived().IsValid);
        Assert.DoesNotContain(_server.Received[^1].Headers, h => h.Key.Equals("content-digest", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Request_ExtraHeadersAndContentType_AreSentAndSubjectSigned()
    {
        await _cli.RunAsync("request", "PUT", "https://api.example.test/v1/doc", "--body", "plain",
            "-H", "Content-Type: text/plain", "-H", "X-Trace: abc", "--subject", "user-7");

        var received = _server.Received[^1];
        Assert.Equal("text/plain", received.ContentType);
        Assert.Contains(received.Headers, h => h.Key == "X-Trace" && h.Value == "abc");
        Assert.Equal("user-7", VerifyReceived().Subject);
    }

    [Fact]
    public async Task Request_ForgedSigilumHeaderArgument_IsReplacedBySignedValue()
    {
        await _cli.RunAsync("request", "GET", "https://api.example.test/", "-H", "sigilum-namespace: mallory");

        Assert.True(VerifyReceived().IsValid);
        Assert.Single(_server.Received[^1].Headers, h => h.Key.Equals("sigilum-namespace", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Request_Include_PrintsStatusLineAndHeadersBeforeBody()
    {
        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/", "-i");

        var lines = run.Stdout.Split('\n');
        Assert.Equal("HTTP/1.1 200 OK", lines[0]);
        Assert.Contains(lines, line => line.Equals("x-request-id: req-1", StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("\n\n{\"ok\":true}\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_Json_PrintsStatusHeadersAndBody()
    {
        _server.Status = HttpStatusCode.Forbidden;
        _server.ResponseBody = "denied";

        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(403, json.GetProperty("status").GetInt32());
        Assert.Equal("denied", json.GetProperty("body").GetString());
        Assert.Equal("req-1", json.GetProperty("headers").GetProperty("x-request-id").GetString());
    }

    [Fact]
    public async Task Request_FailAndServerError_ExitsOne()
    {
        _server.Status = HttpStatusCode.InternalServerError;

        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/", "--fail");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
    }

    [Fact]
    public async Task Request_ConnectionRefused_ExitsNetworkWithOneLine()
    {
        _cli.CreateHttpHandler = () => new ThrowingHandler(new HttpRequestException("Connection refused (127.0.0.1:1)"));

        var run = await _cli.RunAsync("request", "GET", "http://127.0.0.1:1/");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Equal("error: Request to http://127.0.0.1:1/ failed: Connection refused (127.0.0.1:1)", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Request_Timeout_ExitsNetwork()
    {
        _cli.CreateHttpHandler = () => new ThrowingHandler(new TaskCanceledException("timeout"));

        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/", "--timeout", "2");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("timed out after 2 s", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_RealRefusedPort_ExitsNetwork()
    {
        _cli.CreateHttpHandler = () => new SocketsHttpHandler();
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var run = await _cli.RunAsync("request", "GET", $"http://127.0.0.1:{port}/");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData(": empty-name")]
    [InlineData("bad name: x")]
    public async Task Request_MalformedHeader_ExitsWithUsageError(string header)
    {
        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/", "-H", header);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task Request_TransportThrowsUnexpectedly_ExitsInternalWithoutStackTrace()
    {
        _cli.CreateHttpHandler = () => new ThrowingHandler(new InvalidOperationException("boom"));

        var run = await _cli.RunAsync("request", "GET", "https://api.example.test/");

        Assert.Equal(ExitCodes.Internal, run.ExitCode);
        Assert.Equal("error: Unexpected failure (InvalidOperationException): boom", run.Stderr.TrimEnd());
    }

    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }
}
