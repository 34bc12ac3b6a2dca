using System.Net;
using System.Net.Sockets;
using System.Text;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Agents;

/// <summary><c>sigilum agent</c> in-process against a fake gateway: what it signs, where it sends it, what it prints.</summary>
public sealed class AgentCommandTests : IDisposable
{
    private const string ClaimPage = """
        # HTTP 403 AUTH_CLAIM_REQUIRED: Sigilum Authorization Required

        Sigilum verified your signature, but your key has no active approval

        ## Authorization Registration
        - Claim submit result: `recorded`
        - Claim ID: `cl_0123456789abcdef01234567`
        - Claim state: `pending`
        """;

    private readonly AgentHarness _h = new();

    public void Dispose() => _h.Dispose();

    private VerificationResult Verify(FakeGateway.Received received) => RequestVerifier.Verify(
        new VerifyRequest { Method = received.Method, TargetUri = received.TargetUri, Headers = received.Headers, Body = received.Body },
        new VerifyOptions { Time = _h.Cli.Time, MaxAge = TimeSpan.FromSeconds(60), AllowAgentIdComponent = true });

    [Fact]
    public async Task Proxy_AgentWithAKey_SignsWithTheAgentsKeyAndIdAndPrintsStatusAndBody()
    {
        var key = _h.AddAgent("research");
        _h.Cli.Environment["OPENCLAW_AGENT_ID"] = "research";

        var run = await _h.RunAsync("proxy", "echo", "GET", "/v1/x?limit=5");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("HTTP_STATUS=200\n{\"ok\":true}\n", run.Stdout);
        var sent = Assert.Single(_h.Gateway.Requests);
        Assert.Equal("http://127.0.0.1:38100/proxy/echo/v1/x?limit=5", sent.TargetUri);
        var verified = Verify(sent);
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal(key.PublicKeyText, verified.PublicKey);
        Assert.Equal("research", verified.AgentId);
        Assert.Equal(AgentHarness.Namespace, verified.Namespace);
        Assert.Equal("research", verified.Subject);
        Assert.Contains("\"sigilum-agent-id\"", sent.Header(SigilumHeaders.SignatureInput), StringComparison.Ordinal);
        // The seed never leaves the key file.
        var seed = File.ReadAllText(Directory.GetFiles(key.Folder, "*.key").Single()).Trim();
        Assert.DoesNotContain(seed, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Headers, h => h.Value.Contains(seed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proxy_WithAnOperatorIdentityInTheHome_StillSignsWithTheAgentKey()
    {
        _h.Cli.InstallFixtureIdentity();
        var key = _h.AddAgent("main");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/v1/x");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(key.PublicKeyText, Verify(Assert.Single(_h.Gateway.Requests)).PublicKey);
    }

    [Fact]
    public async Task Proxy_JsonBody_IsSignedWithItsDigestAndSentAsJson()
    {
        _h.AddAgent("main");

        var run = await _h.RunAsync("proxy", "linear", "post", "graphql", "{\"query\":\"{ viewer { id } }\"}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = Assert.Single(_h.Gateway.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/proxy/linear/graphql", sent.Path);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("{\"query\":\"{ viewer { id } }\"}", Encoding.UTF8.GetString(sent.Body));
        Assert.NotNull(sent.Header(SigilumHeaders.ContentDigest));
        Assert.True(Verify(sent).IsValid);
    }

    [Fact]
    public async Task Proxy_ClaimRequired_PrintsTheBodyThenTheApprovalFields()
    {
        var key = _h.AddAgent("research");
        _h.Cli.Environment["SIGILUM_AGENT_ID"] = "research";
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.Forbidden, ClaimPage, "AUTH_CLAIM_REQUIRED", "text/markdown");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/v1/x");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Equal("HTTP_STATUS=403", lines[0]);
        Assert.Equal(ClaimPage.ReplaceLineEndings("\n"), string.Join('\n', lines[1..^9]));
        Assert.Equal(
            [
                "APPROVAL_REQUIRED=true",
                "APPROVAL_NAMESPACE=alice",
                "APPROVAL_AGENT_ID=research",
                "APPROVAL_SUBJECT=research",
                "APPROVAL_PUBLIC_KEY=" + key.PublicKeyText,
                "APPROVAL_SERVICE=echo",
                "APPROVAL_MESSAGE=" + ApprovalNotice.Message,
                "APPROVAL_CLAIM_ID=cl_0123456789abcdef01234567",
                "",
            ],
            lines[^9..]);
    }

    [Fact]
    public async Task Proxy_ClaimPageWithoutTheCodeHeader_IsRecognisedByItsPhrase()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.Unauthorized, ClaimPage, code: null, "text/markdown");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Contains("\nAPPROVAL_REQUIRED=true\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_ForbiddenForAnotherReason_PrintsNoApprovalFields()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.Forbidden, "{\"code\":\"AUTH_SIGNATURE_INVALID\"}", "AUTH_SIGNATURE_INVALID");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("HTTP_STATUS=403\n{\"code\":\"AUTH_SIGNATURE_INVALID\"}\n", run.Stdout);
    }

    [Fact]
    public async Task Proxy_Json_PrintsOneObjectWithTheSameFields()
    {
        var key = _h.AddAgent("research");
        _h.Cli.Environment["OPENCLAW_AGENT"] = "research";
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.Forbidden, ClaimPage, "AUTH_CLAIM_REQUIRED", "text/markdown");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/v1/x", "--json", "--subject", "bob@example.com");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("agent proxy", json.GetProperty("command").GetString());
        Assert.Equal(403, json.GetProperty("httpStatus").GetInt32());
        Assert.Equal("AUTH_CLAIM_REQUIRED", json.GetProperty("code").GetString());
        Assert.Equal("research", json.GetProperty("agentId").GetString());
        Assert.Equal("OPENCLAW_AGENT", json.GetProperty("agentSource").GetString());
        Assert.Equal("bob@example.com", json.GetProperty("subject").GetString());
        Assert.Equal(ClaimPage.ReplaceLineEndings("\n"), json.GetProperty("body").GetString()!.ReplaceLineEndings("\n"));
        var approval = json.GetProperty("approval");
        Assert.True(approval.GetProperty("required").GetBoolean());
        Assert.Equal(key.PublicKeyText, approval.GetProperty("publicKey").GetString());
        Assert.Equal("bob@example.com", approval.GetProperty("subject").GetString());
        Assert.Equal("echo", approval.GetProperty("service").GetString());
        Assert.Equal("cl_0123456789abcdef01234567", approval.GetProperty("claimId").GetString());
    }

    [Fact]
    public async Task Proxy_SubjectFromTheHintsFile_IsSigned()
    {
        _h.AddAgent("research");
        _h.Cli.Environment["OPENCLAW_SESSION_KEY"] = "agent:research:slack:direct:u1";
        Directory.CreateDirectory(Path.GetDirectoryName(_h.HintsFile)!);
        File.WriteAllText(_h.HintsFile, """{"by_session":{"agent:research:slack:direct:u1":{"agent_id":"research","subject":"alice@example.com"}}}""");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("alice@example.com", Verify(Assert.Single(_h.Gateway.Requests)).Subject);
    }

    [Fact]
    public async Task Proxy_NamedAgentWithoutAKey_WarnsOnStderrAndSignsAsTheFallback()
    {
        _h.AddAgent("main");
        _h.Cli.Environment["OPENCLAW_AGENT_ID"] = "ghost";

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("HTTP_STATUS=200", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: agent ghost (from OPENCLAW_AGENT_ID) has no key pair", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("main", Verify(Assert.Single(_h.Gateway.Requests)).AgentId);
    }

    [Fact]
    public async Task Proxy_NoNamespace_FailsWithItsCodeBeforeSending()
    {
        _h.AddAgent("main");
        _h.Cli.Environment.Remove("SIGILUM_NAMESPACE");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(AGENT_NAMESPACE_MISSING)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    public async Task Proxy_InvalidNamespace_FailsAsNamespaceInvalid()
    {
        _h.AddAgent("main");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/", "--namespace", "a b");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(NAMESPACE_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    public async Task Proxy_NoKeyForAnyCandidate_FailsNotFoundBeforeSending()
    {
        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("(AGENT_KEY_NOT_FOUND)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(_h.KeyRoot, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    public async Task Proxy_CorruptKeyFile_FailsAsKeyInvalidWithoutPrintingIt()
    {
        var key = _h.AddAgent("main");
        var keyFile = Directory.GetFiles(key.Folder, "*.key").Single();
        File.WriteAllText(keyFile, "not-a-seed-but-secret-looking\n");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("(AGENT_KEY_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-seed", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Proxy_KeyReadableByOthers_Warns()
    {
        var key = _h.AddAgent("main");
        File.SetUnixFileMode(key.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"warning: {key.Folder} is accessible to other users; run: chmod 700", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_GatewayUnreachable_ExitsNetworkWithItsCode()
    {
        _h.AddAgent("main");
        _h.Cli.UseNetwork();
        _h.Cli.Environment["SIGILUM_GATEWAY_URL"] = $"http://127.0.0.1:{ClosedPort()}";

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("(AGENT_GATEWAY_UNREACHABLE)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Proxy_GatewayNeverAnswers_TimesOutWithItsCode()
    {
        _h.AddAgent("main");
        _h.Cli.UseNetwork();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        _h.Cli.Environment["SIGILUM_GATEWAY_URL"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        _h.Cli.Environment[AgentOptions.TimeoutVariable] = "1";

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("did not answer within 1 s", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(AGENT_GATEWAY_TIMEOUT)", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("601")]
    [InlineData("soon")]
    public async Task Proxy_BadTimeoutVariable_IsAnInputError(string value)
    {
        _h.AddAgent("main");
        _h.Cli.Environment[AgentOptions.TimeoutVariable] = value;

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(AgentOptions.TimeoutVariable + " must be", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(AGENT_INPUT_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveTimeout_OptionThenVariableThenTwentySeconds()
    {
        var env = new Dictionary<string, string> { [AgentOptions.TimeoutVariable] = "7" };
        Assert.Equal(TimeSpan.FromSeconds(3), AgentOptions.ResolveTimeout(3, env.GetValueOrDefault));
        Assert.Equal(TimeSpan.FromSeconds(7), AgentOptions.ResolveTimeout(null, env.GetValueOrDefault));
        Assert.Equal(TimeSpan.FromSeconds(20), AgentOptions.ResolveTimeout(null, _ => null));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:38100")]
    [InlineData("http://user:pw@127.0.0.1:38100")]
    [InlineData("http://127.0.0.1:38100/?x=1")]
    [InlineData("127.0.0.1:38100")]
    public async Task Proxy_BadGatewayUrl_FailsWithItsCode(string url)
    {
        _h.AddAgent("main");

        var run = await _h.RunAsync("proxy", "echo", "GET", "/", "--gateway-url", url);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(AGENT_GATEWAY_URL_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("user:pw", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo", "GET", "/../api/admin/connections", null)]
    [InlineData("echo", "GET", "/v1/%2e%2e/x", null)]
    [InlineData("echo", "CONNECT", "/", null)]
    [InlineData("../api", "GET", "/", null)]
    [InlineData("echo", "POST", "/v1", "{not json")]
    [InlineData("echo", "GET", "/v1 x", null)]
    public async Task Proxy_BadArgument_IsAnInputErrorAndNothingIsSent(string connection, string method, string path, string? body)
    {
        _h.AddAgent("main");
        string[] args = body is null ? ["proxy", connection, method, path] : ["proxy", connection, method, path, body];

        var run = await _h.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(AGENT_INPUT_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    public async Task Tools_GatewayDescribesAnHttpConnection_ProbesTheProxyRoot()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = r => r.Path.StartsWith("/api/admin/", StringComparison.Ordinal)
            ? FakeGateway.Answer(HttpStatusCode.OK, "{\"id\":\"echo\",\"protocol\":\"http\"}")
            : FakeGateway.Answer(HttpStatusCode.OK, "{\"root\":true}");

        var run = await _h.RunAsync("tools", "echo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("HTTP_STATUS=200\n{\"root\":true}\n", run.Stdout);
        Assert.Equal(["/api/admin/connections/echo", "/proxy/echo/"], _h.Gateway.Requests.Select(r => r.Path));
        var lookup = _h.Gateway.Requests[0];
        // The description is read without any credential or signature: the agent has no admin token and needs none.
        Assert.Null(lookup.Header("Authorization"));
        Assert.Null(lookup.Header(SigilumHeaders.Signature));
        Assert.True(Verify(_h.Gateway.Requests[1]).IsValid);
    }

    [Fact]
    public async Task Tools_GatewayDescribesAnMcpConnection_ListsItsTools()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = r => r.Path.StartsWith("/api/admin/", StringComparison.Ordinal)
            ? FakeGateway.Answer(HttpStatusCode.OK, "{\"id\":\"linear\",\"protocol\":\"mcp\"}")
            : FakeGateway.Answer(HttpStatusCode.OK, "{\"tools\":[]}");

        var run = await _h.RunAsync("tools", "linear");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["/api/admin/connections/linear", "/mcp/linear/tools"], _h.Gateway.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Tools_DescriptionRefusedAndMcpRouteNotServed_FallsBackToTheProxyRoot()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = r => r.Path switch
        {
            var p when p.StartsWith("/api/admin/", StringComparison.Ordinal) => FakeGateway.Answer(HttpStatusCode.Forbidden, "{}", "ADMIN_TOKEN_REQUIRED"),
            var p when p.StartsWith("/mcp/", StringComparison.Ordinal) => FakeGateway.Answer(HttpStatusCode.NotFound, "{}", "NOT_FOUND"),
            _ => FakeGateway.Answer(HttpStatusCode.OK, "{\"root\":true}"),
        };

        var run = await _h.RunAsync("tools", "echo");

        Assert.Equal("HTTP_STATUS=200\n{\"root\":true}\n", run.Stdout);
        Assert.Equal(["/api/admin/connections/echo", "/mcp/echo/tools", "/proxy/echo/"], _h.Gateway.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Tools_ProtocolGiven_AsksNothingAndUsesThatRoute()
    {
        _h.AddAgent("main");
        _h.Cli.Environment[AgentProtocolOption.Variable] = "http";

        await _h.RunAsync("tools", "echo", "--protocol", "mcp");
        await _h.RunAsync("tools", "echo");

        Assert.Equal(["/mcp/echo/tools", "/proxy/echo/"], _h.Gateway.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Call_McpConnection_PostsTheArgumentsToTheToolCallRoute()
    {
        _h.AddAgent("main");

        var run = await _h.RunAsync("call", "linear", "list issues", "{\"first\":5}", "--protocol", "mcp");

        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = Assert.Single(_h.Gateway.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("http://127.0.0.1:38100/mcp/linear/tools/list%20issues/call", sent.TargetUri);
        Assert.Equal("{\"first\":5}", Encoding.UTF8.GetString(sent.Body));
        Assert.True(Verify(sent).IsValid);
    }

    [Fact]
    public async Task Call_NoArguments_SendsAnEmptyObject()
    {
        _h.AddAgent("main");

        await _h.RunAsync("call", "linear", "whoami", "--protocol", "mcp");

        Assert.Equal("{}", Encoding.UTF8.GetString(Assert.Single(_h.Gateway.Requests).Body));
    }

    [Fact]
    public async Task Call_ArgumentsNotAnObject_IsAnInputError()
    {
        _h.AddAgent("main");

        var run = await _h.RunAsync("call", "linear", "whoami", "[1]");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("json-args must be a JSON object", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    [Fact]
    public async Task Call_HttpConnection_IsRefusedWithAPointerToProxy()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.OK, "{\"protocol\":\"http\"}");

        var run = await _h.RunAsync("call", "echo", "whoami");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("sigilum agent proxy echo POST", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(AGENT_CONNECTION_IS_HTTP)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["/api/admin/connections/echo"], _h.Gateway.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Proxy_AnswerOverTheLimit_FailsAsResponseTooLarge()
    {
        _h.AddAgent("main");
        _h.Gateway.Respond = _ => FakeGateway.Answer(HttpStatusCode.OK, new string('a', AgentGatewayClient.MaxResponseBytes + 1));

        var run = await _h.RunAsync("proxy", "echo", "GET", "/");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("(AGENT_RESPONSE_TOO_LARGE)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Tools_BadProtocolVariable_IsAnInputErrorAndNothingIsSent()
    {
        _h.AddAgent("main");
        _h.Cli.Environment[AgentProtocolOption.Variable] = "grpc";

        var run = await _h.RunAsync("tools", "echo");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(AgentProtocolOption.Variable + " must be auto, http or mcp (AGENT_INPUT_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_h.Gateway.Requests);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
