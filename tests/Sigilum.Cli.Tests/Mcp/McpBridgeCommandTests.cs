using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sigilum.Sdk.Identity;
using Sigilum.Testing.Mcp;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge</c> in-process on the harness's fake clock: the streamable HTTP transport (<c>--http</c>)
/// driven by the C# SDK's client, its loopback guard, and the checks made before anything is served.
/// </summary>
public sealed class McpBridgeCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private VerifyingMcpGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _gateway = await VerifyingMcpGateway.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_NAMESPACE"] = "alice";
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        _cli.Environment["SIGILUM_KEY_ROOT"] = KeyRoot;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _cli.Dispose();
    }

    private string KeyRoot => Path.Combine(_cli.WorkDirectory, "openclaw", ".sigilum", "keys");

    private AgentKeyInfo ApprovedAgent(string id)
    {
        var key = AgentKeyDirectory.Ensure(KeyRoot, id);
        _gateway.Approved[key.PublicKeyText] = true;
        return key;
    }

    /// <summary>Runs <c>mcp bridge --http 0</c> until <paramref name="use"/> is done with its URL, then stops it as Ctrl+C would.</summary>
    private async Task<CliRun> WithHttpBridgeAsync(Func<Uri, Task> use, params string[] extra)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cli.ServerReady = url => ready.TrySetResult(url);
        using var stop = new CancellationTokenSource();
        var run = _cli.RunAsync(stop.Token, ["mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--http", "0", .. extra]);
        var url = await Task.WhenAny(ready.Task, run) == ready.Task ? await ready.Task : throw new InvalidOperationException((await run).ToString());
        try
        {
            await use(url);
        }
        finally
        {
            await stop.CancelAsync();
        }
        return await run;
    }

    [Fact]
    public async Task Http_McpClient_ListsTheAllowedToolsAndCallsSignedAsTheAgent()
    {
        _cli.InstallFixtureIdentity();
        var key = ApprovedAgent("main");
        _gateway.Allowed = ["echo"];
        CallToolResult? result = null;
        IList<McpClientTool>? tools = null;

        var run = await WithHttpBridgeAsync(async url =>
        {
            Assert.Equal(IPAddress.Loopback.ToString(), url.Host);
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url }));
            tools = await client.ListToolsAsync();
            result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "over http" });
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["echo"], tools!.Select(t => t.Name));
        Assert.Equal("Echo: over http", Assert.IsType<TextContentBlock>(Assert.Single(result!.Content)).Text);
        Assert.All(_gateway.Requests, r =>
        {
            Assert.True(r.Verified.IsValid, r.Verified.Reason);
            Assert.Equal(key.PublicKeyText, r.Verified.PublicKey);
        });
        Assert.Equal(2, _gateway.Requests.Count);
        Assert.Empty(run.Stdout);
        Assert.Contains("streamable HTTP on http://127.0.0.1:", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>One raw POST to the HTTP bridge with <paramref name="adjust"/> applied: the loopback guard's answer.</summary>
    private async Task<(HttpStatusCode Status, string? Code)> RawPostAsync(Action<HttpRequestMessage, Uri> adjust)
    {
        ApprovedAgent("main");
        (HttpStatusCode, string?) answer = default;
        await WithHttpBridgeAsync(async url =>
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };
            adjust(request, url);
            using var response = await http.SendAsync(request);
            answer = (response.StatusCode, response.Headers.TryGetValues("X-Sigilum-Code", out var codes) ? codes.Single() : null);
        });
        return answer;
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ADM_02_HttpDnsRebindingHost_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, url) => request.Headers.Host = "attacker.example:" + Port(url.Port));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_HOST_REFUSED"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Http_LoopbackHostWithAnotherPort_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, url) => request.Headers.Host = "127.0.0.1:" + Port(url.Port == 1 ? 2 : 1));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_HOST_REFUSED"), answer);
    }

    [Fact]
    public async Task ADM_03_HttpCrossSiteFetchWithoutOrigin_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, _) => request.Headers.Add("Sec-Fetch-Site", "cross-site"));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_ORIGIN_REFUSED"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task ADM_03_HttpForeignOrigin_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, _) => request.Headers.Add("Origin", "https://attacker.example"));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_ORIGIN_REFUSED"), answer);
    }

    [Fact]
    public async Task Http_LoopbackOrigin_IsServed()
    {
        ApprovedAgent("main");
        IList<McpClientTool>? tools = null;

        await WithHttpBridgeAsync(async url =>
        {
            var options = new HttpClientTransportOptions
            {
                Endpoint = url,
                AdditionalHeaders = new Dictionary<string, string> { ["Origin"] = "http://localhost:3000" },
            };
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(options));
            tools = await client.ListToolsAsync();
        });

        Assert.Equal(["echo", "get-sum"], tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task Bridge_PortOutOfRange_UsageErrorBeforeAnything()
    {
        ApprovedAgent("main");

        var run = await _cli.RunAsync("mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--http", "70000");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(MCP_BRIDGE_PORT_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Bridge_HttpPortTaken_FailsWithItsCode()
    {
        ApprovedAgent("main");
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await _cli.RunAsync("mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--http", port);

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("(MCP_BRIDGE_PORT_IN_USE)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Bridge_NoConnection_UsageError()
    {
        ApprovedAgent("main");

        var run = await _cli.RunAsync("mcp", "bridge");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--connection", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_ConnectionIdThatIsAPath_RefusedAsInputInvalid()
    {
        ApprovedAgent("main");

        var run = await _cli.RunAsync("mcp", "bridge", "--connection", "../admin");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(AGENT_INPUT_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Bridge_NoAgentKey_NotFoundBeforeServing()
    {
        var run = await _cli.RunAsync("mcp", "bridge", "--connection", VerifyingMcpGateway.Connection);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("(AGENT_KEY_NOT_FOUND)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Bridge_Help_HasExamples()
    {
        var run = await _cli.RunAsync("mcp", "bridge", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sigilum mcp bridge --connection sigilum-secure-linear", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--http", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--json", run.Stdout, StringComparison.Ordinal);
    }
}
