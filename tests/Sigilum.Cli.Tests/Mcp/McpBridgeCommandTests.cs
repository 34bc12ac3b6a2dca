using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sigilum.Sdk.Identity;
using Sigilum.Testing.Mcp;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge</c> in-process on the harness's fake clock: the streamable HTTP transport (<c>--http</c>)
/// driven by the C# SDK's client, its loopback guard, its bearer token, and the checks made before anything is served.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
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

    /// <summary>The token file <c>mcp bridge --http</c> generates for the listener on <paramref name="url"/>'s port.</summary>
    private string GeneratedTokenFile(Uri url) =>
        Path.Combine(_cli.Home, "run", "mcp-bridge-" + Port(url.Port), "token");

    /// <summary>
    /// Runs <c>mcp bridge --http 0</c> until <paramref name="use"/> is done with its URL and bearer token (the generated
    /// file's, or <paramref name="tokenFile"/>'s when given), then stops it as Ctrl+C would.
    /// </summary>
    private async Task<CliRun> WithHttpBridgeAsync(Func<Uri, string, Task> use, string? tokenFile = null)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cli.ServerReady = url => ready.TrySetResult(url);
        using var stop = new CancellationTokenSource();
        string[] extra = tokenFile is null ? [] : ["--token-file", tokenFile];
        var run = _cli.RunAsync(stop.Token, ["mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--http", "0", .. extra]);
        var url = await Task.WhenAny(ready.Task, run) == ready.Task ? await ready.Task : throw new InvalidOperationException((await run).ToString());
        try
        {
            await use(url, File.ReadAllText(tokenFile ?? GeneratedTokenFile(url)).Trim());
        }
        finally
        {
            await stop.CancelAsync();
        }
        return await run;
    }

    /// <summary>The SDK's HTTP client transport options that send the bearer token (as a client config's <c>headers</c> would).</summary>
    private static HttpClientTransportOptions ClientOptions(Uri url, string token, params (string Name, string Value)[] more)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = "Bearer " + token };
        foreach (var (name, value) in more)
        {
            headers[name] = value;
        }
        return new HttpClientTransportOptions { Endpoint = url, AdditionalHeaders = headers };
    }

    [Fact]
    public async Task Http_McpClient_ListsTheAllowedToolsAndCallsSignedAsTheAgent()
    {
        _cli.InstallFixtureIdentity();
        var key = ApprovedAgent("main");
        _gateway.Allowed = ["echo"];
        CallToolResult? result = null;
        IList<McpClientTool>? tools = null;

        var run = await WithHttpBridgeAsync(async (url, token) =>
        {
            Assert.Equal(IPAddress.Loopback.ToString(), url.Host);
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(ClientOptions(url, token)));
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

    /// <summary>One raw POST to the HTTP bridge with <paramref name="adjust"/> applied (no token unless it adds one): the guards' answer.</summary>
    private async Task<(HttpStatusCode Status, string? Code)> RawPostAsync(Action<HttpRequestMessage, Uri, string> adjust)
    {
        ApprovedAgent("main");
        (HttpStatusCode, string?) answer = default;
        await WithHttpBridgeAsync(async (url, token) =>
        {
            using var http = new HttpClient();
            using var response = await PostAsync(http, url, request => adjust(request, url, token));
            answer = (response.StatusCode, CodeOf(response));
        });
        return answer;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, Action<HttpRequestMessage> adjust)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };
        adjust(request);
        return await http.SendAsync(request);
    }

    private static string? CodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Sigilum-Code", out var codes) ? codes.Single() : null;

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ADM_02_HttpDnsRebindingHost_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, url, _) => request.Headers.Host = "attacker.example:" + Port(url.Port));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_HOST_REFUSED"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Http_LoopbackHostWithAnotherPort_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, url, _) => request.Headers.Host = "127.0.0.1:" + Port(url.Port == 1 ? 2 : 1));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_HOST_REFUSED"), answer);
    }

    [Fact]
    public async Task ADM_03_HttpCrossSiteFetchWithoutOrigin_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, _, _) => request.Headers.Add("Sec-Fetch-Site", "cross-site"));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_ORIGIN_REFUSED"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task ADM_03_HttpForeignOrigin_RefusedWithItsCode()
    {
        var answer = await RawPostAsync((request, _, _) => request.Headers.Add("Origin", "https://attacker.example"));

        Assert.Equal((HttpStatusCode.Forbidden, "MCP_BRIDGE_ORIGIN_REFUSED"), answer);
    }

    [Fact]
    public async Task Http_LoopbackOrigin_IsServed()
    {
        ApprovedAgent("main");
        IList<McpClientTool>? tools = null;

        await WithHttpBridgeAsync(async (url, token) =>
        {
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(ClientOptions(url, token, ("Origin", "http://localhost:3000"))));
            tools = await client.ListToolsAsync();
        });

        Assert.Equal(["echo", "get-sum"], tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task Http_NoToken_UnauthorizedWithTokenRequired()
    {
        ApprovedAgent("main");
        (HttpStatusCode Status, string? Code, string? Challenge) answer = default;

        await WithHttpBridgeAsync(async (url, _) =>
        {
            using var http = new HttpClient();
            using var response = await PostAsync(http, url, request => { });
            answer = (response.StatusCode, CodeOf(response), Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        });

        Assert.Equal((HttpStatusCode.Unauthorized, "MCP_BRIDGE_TOKEN_REQUIRED", "Bearer"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Http_AnotherAuthorizationScheme_UnauthorizedWithTokenRequired()
    {
        var answer = await RawPostAsync((request, _, token) => request.Headers.TryAddWithoutValidation("Authorization", "Basic " + token));

        Assert.Equal((HttpStatusCode.Unauthorized, "MCP_BRIDGE_TOKEN_REQUIRED"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Http_WrongToken_UnauthorizedWithTokenInvalid()
    {
        var answer = await RawPostAsync((request, _, token) =>
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('A', token.Length)));

        Assert.Equal((HttpStatusCode.Unauthorized, "MCP_BRIDGE_TOKEN_INVALID"), answer);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Http_RightTokenOnARawRequest_PassesEveryGuard()
    {
        var answer = await RawPostAsync((request, _, token) => request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));

        // The MCP endpoint itself judges "{}" (no JSON-RPC, no Accept); what matters is that no guard refused it.
        Assert.Null(answer.Code);
        Assert.True(answer.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests), answer.Status.ToString());
    }

    [Fact]
    public async Task Http_GeneratedToken_Owner0600In0700DirectoryNamedOnStderrAndDeletedOnStop()
    {
        ApprovedAgent("main");
        string? file = null;
        string? token = null;
        UnixFileMode? fileMode = null;
        UnixFileMode? directoryMode = null;

        var run = await WithHttpBridgeAsync((url, presented) =>
        {
            file = GeneratedTokenFile(url);
            token = presented;
            fileMode = File.GetUnixFileMode(file);
            directoryMode = File.GetUnixFileMode(Path.GetDirectoryName(file)!);
            return Task.CompletedTask;
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, fileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, directoryMode);
        Assert.Equal(43, token!.Length);
        Assert.False(File.Exists(file));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
        Assert.Contains($"\"Authorization: Bearer <contents of {file}>\"", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TokenFile_ItsTokenIsServedAndTheFileKept()
    {
        ApprovedAgent("main");
        var tokenFile = PrivateTokenFile("k7Qz-stable-token-for-the-linear-bridge-0123456789\n");
        IList<McpClientTool>? tools = null;

        var run = await WithHttpBridgeAsync(async (url, token) =>
        {
            Assert.False(Directory.Exists(Path.GetDirectoryName(GeneratedTokenFile(url))));
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(ClientOptions(url, token)));
            tools = await client.ListToolsAsync();
        }, tokenFile);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["echo", "get-sum"], tools!.Select(t => t.Name));
        Assert.True(File.Exists(tokenFile));
        Assert.Contains($"<contents of {tokenFile}>", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("stable-token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_WrongTokensUpToTheLimit_RateLimitedUntilTheWindowPasses()
    {
        ApprovedAgent("main");
        var answers = new List<(HttpStatusCode, string?)>();
        string? retryAfter = null;

        await WithHttpBridgeAsync(async (url, token) =>
        {
            using var http = new HttpClient();
            async Task<HttpResponseMessage> PostWith(string presented) =>
                await PostAsync(http, url, request => request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + presented));
            for (var i = 0; i < McpBridgeTokenFailures.MaxFailures; i++)
            {
                using var wrong = await PostWith("wrong-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                answers.Add((wrong.StatusCode, CodeOf(wrong)));
            }
            // Locked: even the right token is not compared.
            using (var locked = await PostWith(token))
            {
                answers.Add((locked.StatusCode, CodeOf(locked)));
                retryAfter = locked.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            _cli.Time.Advance(McpBridgeTokenFailures.Window + TimeSpan.FromSeconds(1));
            using var after = await PostWith(token);
            answers.Add((after.StatusCode, CodeOf(after)));
        });

        Assert.All(answers.Take(McpBridgeTokenFailures.MaxFailures), a => Assert.Equal((HttpStatusCode.Unauthorized, "MCP_BRIDGE_TOKEN_INVALID"), a));
        Assert.Equal((HttpStatusCode.TooManyRequests, "MCP_BRIDGE_TOKEN_RATE_LIMITED"), answers[McpBridgeTokenFailures.MaxFailures]);
        Assert.Equal("60", retryAfter);
        Assert.Null(answers[^1].Item2);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, answers[^1].Item1);
        Assert.Empty(_gateway.Requests);
    }

    /// <summary>A token file of the test's user with mode 0600 (what <c>--token-file</c> accepts) holding <paramref name="contents"/>.</summary>
    private string PrivateTokenFile(string contents, string name = "bridge.token")
    {
        var path = _cli.WriteFile(name, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>Runs <c>mcp bridge --http 0 --token-file …</c> expecting a refusal; should it serve, it is stopped at once (and the exit code says so).</summary>
    private async Task<CliRun> RefusedTokenFileAsync(string tokenFile)
    {
        ApprovedAgent("main");
        using var stop = new CancellationTokenSource();
        _cli.ServerReady = _ => stop.Cancel();
        var run = await _cli.RunAsync(stop.Token, "mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--http", "0", "--token-file", tokenFile);
        Assert.Empty(_gateway.Requests);
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, "run")));
        return run;
    }

    [Fact]
    public async Task Http_TokenFileReadableByOthers_RefusedBeforeServing()
    {
        var tokenFile = PrivateTokenFile(new string('t', 40));
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var run = await RefusedTokenFileAsync(tokenFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("mode 0644", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_UNSAFE)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('t', 40), run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TokenFileIsASymbolicLink_RefusedBeforeServing()
    {
        var target = PrivateTokenFile(new string('t', 40));
        var link = Path.Combine(_cli.WorkDirectory, "link.token");
        File.CreateSymbolicLink(link, target);

        var run = await RefusedTokenFileAsync(link);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("symbolic link", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_UNSAFE)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TokenFileTooShort_RefusedBeforeServing()
    {
        var tokenFile = PrivateTokenFile(new string('t', McpBridgeToken.MinFileBytes - 1) + "\n");

        var run = await RefusedTokenFileAsync(tokenFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("holds 31 bytes;", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TokenFileWithASpace_RefusedBeforeServing()
    {
        var tokenFile = PrivateTokenFile(new string('t', 20) + " " + new string('t', 20));

        var run = await RefusedTokenFileAsync(tokenFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("printable ASCII without spaces", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TokenFileMissing_RefusedBeforeServing()
    {
        var run = await RefusedTokenFileAsync(Path.Combine(_cli.WorkDirectory, "no-such.token"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_TokenFileWithoutHttp_UsageErrorBeforeAnything()
    {
        ApprovedAgent("main");
        var tokenFile = PrivateTokenFile(new string('t', 40));

        var run = await _cli.RunAsync("mcp", "bridge", "--connection", VerifyingMcpGateway.Connection, "--token-file", tokenFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--token-file needs --http", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(MCP_BRIDGE_TOKEN_FILE_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
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
