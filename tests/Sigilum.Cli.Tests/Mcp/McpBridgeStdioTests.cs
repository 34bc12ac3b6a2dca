using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sigilum.Testing.Mcp;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge</c> as an MCP client runs it: the built executable over stdio, driven by the C# SDK's
/// <see cref="McpClient"/>, against <see cref="VerifyingMcpGateway"/> which checks every signature. The process signs
/// with the real clock, so the stand-in verifies with it too.
/// </summary>
public sealed class McpBridgeStdioTests : IAsyncLifetime
{
    private VerifyingMcpGateway _gateway = null!;
    private BridgeProcess _bridge = null!;

    public async Task InitializeAsync()
    {
        _gateway = await VerifyingMcpGateway.StartAsync(TimeProvider.System);
        _bridge = new BridgeProcess(_gateway.Url);
    }

    public async Task DisposeAsync()
    {
        _bridge.Dispose();
        await _gateway.DisposeAsync();
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    [Fact]
    public async Task Bridge_ApprovedAgent_ListsExactlyTheToolsTheGatewayAllows()
    {
        var key = _bridge.AddAgent("main");
        _gateway.Approved[key.PublicKeyText] = true;
        _gateway.Allowed = ["echo", "get-sum"];
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        var tools = await client.ListToolsAsync();

        Assert.Equal(["echo", "get-sum"], tools.Select(t => t.Name));
        Assert.Equal("The echo tool.", tools[0].Description);
        Assert.Equal("string", tools[0].JsonSchema.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());
        var (method, path, verified, _) = Assert.Single(_gateway.Requests);
        Assert.Equal(("GET", "/mcp/sigilum-secure-mcpe/tools"), (method, path));
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal("sigilum-mcp-bridge", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task Bridge_Call_ReturnsTheGatewaysResultSignedWithTheAgentsKeyNotTheOperators()
    {
        _bridge.InstallOperatorIdentity();
        var key = _bridge.AddAgent("research");
        _bridge.Environment["OPENCLAW_AGENT_ID"] = "research";
        _gateway.Approved[key.PublicKeyText] = true;
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection, "--subject", "bob@example.com");

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Echo: hi", Text(result));
        var (method, path, verified, body) = Assert.Single(_gateway.Requests);
        Assert.Equal(("POST", "/mcp/sigilum-secure-mcpe/tools/echo/call"), (method, path));
        Assert.True(verified.IsValid, verified.Reason);
        Assert.Equal(key.PublicKeyText, verified.PublicKey);
        Assert.Equal("research", verified.AgentId);
        Assert.Equal(BridgeProcess.Namespace, verified.Namespace);
        Assert.Equal("bob@example.com", verified.Subject);
        Assert.Equal("""{"arguments":{"message":"hi"}}""", body);
        Assert.Contains(_bridge.StandardError, line => line.Contains("mcp bridge: connection sigilum-secure-mcpe", StringComparison.Ordinal) &&
            line.Contains("agent research (from OPENCLAW_AGENT_ID)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bridge_UnapprovedAgent_CallReturnsTheApprovalNeededToolErrorAndFilesAPendingClaim()
    {
        var key = _bridge.AddAgent("main");
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });

        Assert.True(result.IsError);
        var text = Text(result);
        Assert.StartsWith("HTTP_STATUS=403\n# HTTP 403 AUTH_CLAIM_REQUIRED", text, StringComparison.Ordinal);
        Assert.Contains("\nAPPROVAL_REQUIRED=true\n", text, StringComparison.Ordinal);
        Assert.Contains("\nAPPROVAL_PUBLIC_KEY=" + key.PublicKeyText + "\n", text, StringComparison.Ordinal);
        Assert.Contains("\nAPPROVAL_SERVICE=sigilum-secure-mcpe\n", text, StringComparison.Ordinal);
        Assert.Contains("\nAPPROVAL_CLAIM_ID=cl_000000000000000000000001\n", text, StringComparison.Ordinal);
        var claim = Assert.Single(_gateway.PendingClaims);
        Assert.Equal((key.PublicKeyText, "main", "main"), claim);
    }

    [Fact]
    public async Task Bridge_UnapprovedAgent_ListIsAnMcpErrorWithTheApprovalText()
    {
        _bridge.AddAgent("main");
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ListToolsAsync());

        Assert.Contains("APPROVAL_REQUIRED=true", error.Message, StringComparison.Ordinal);
        Assert.Single(_gateway.PendingClaims);
    }

    [Fact]
    public async Task Bridge_ListedToolNowForbidden_ToolErrorWithTheCodeAndListChangedNotification()
    {
        var key = _bridge.AddAgent("main");
        _gateway.Approved[key.PublicKeyText] = true;
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            changed.TrySetResult();
            return ValueTask.CompletedTask;
        });
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "get-sum");
        _gateway.Allowed = ["echo"];

        var result = await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });

        Assert.True(result.IsError);
        Assert.StartsWith("MCP_TOOL_FORBIDDEN (HTTP 403): Tool get-sum is not allowed", Text(result), StringComparison.Ordinal);
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["echo"], (await client.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Bridge_GatewayAnswersSomethingElse_ResponseInvalidErrors()
    {
        var key = _bridge.AddAgent("main");
        _gateway.Approved[key.PublicKeyText] = true;
        _gateway.Override = (200, "<html>not a gateway</html>");
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        var list = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.ListToolsAsync());
        var call = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });

        Assert.Contains("(MCP_BRIDGE_RESPONSE_INVALID)", list.Message, StringComparison.Ordinal);
        Assert.True(call.IsError);
        Assert.Contains("(MCP_BRIDGE_RESPONSE_INVALID)", Text(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_GatewayDown_CallIsAToolErrorNamingUnreachable()
    {
        _bridge.AddAgent("main");
        // A port that was free a moment ago: nothing listens there now.
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            _bridge.Environment["SIGILUM_GATEWAY_URL"] = "http://127.0.0.1:" + ((System.Net.IPEndPoint)probe.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });

        Assert.True(result.IsError);
        Assert.Contains("(AGENT_GATEWAY_UNREACHABLE)", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_CallArguments_ArePassedAsTheArgumentsObject()
    {
        var key = _bridge.AddAgent("main");
        _gateway.Approved[key.PublicKeyText] = true;
        await using var client = await _bridge.ConnectAsync("--connection", VerifyingMcpGateway.Connection);

        await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { "x" } });
        await client.CallToolAsync("echo");

        var bodies = _gateway.Requests.Select(r => r.Body).ToList();
        Assert.Equal(["""{"arguments":{"a":1,"b":["x"]}}""", """{"arguments":{}}"""], bodies);
        Assert.All(bodies, b => JsonDocument.Parse(b).Dispose());
    }
}
