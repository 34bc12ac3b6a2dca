using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sigilum.Cli.Gateway;
using Sigilum.Core.Nodes;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;
using Sigilum.Testing.Mcp;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// End to end: a real control plane, a real gateway (in-process, free loopback ports) with an MCP connection to the
/// real MCP reference server, and <c>sigilum mcp bridge --http</c> in-process on the same fake clock, driven by the
/// C# MCP client. The unapproved agent's first request files a pending claim, the owner approves it with
/// <c>sigilum claims approve</c>, then the client lists exactly the allowed tools and <c>echo</c> answers — and the
/// connection's credential shows up nowhere on the bridge's side.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class McpBridgeGatewayEndToEndTests : IAsyncLifetime
{
    private const string Connection = "mcpe";
    private const string Canary = "sk-mcp-canary-0123456789abcdefXYZ";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly CliHarness _cli = new();
    private readonly List<CliRun> _runs = [];
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;
    private McpReferenceServer _mcp = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _mcp = await McpReferenceServer.StartAsync();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        _cli.Environment["SIGILUM_NAMESPACE"] = "alice";
        _cli.Environment["SIGILUM_KEY_ROOT"] = KeyRoot;
        _cli.Environment["HOME"] = _cli.WorkDirectory;
        await RunAsync("init", "alice");
        Assert.Equal(0, (await RunAsync("namespace", "register")).ExitCode);
        var login = await RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
        // A gateway registered as the namespace's data-plane node (as `sigilum up` registers it), so the control plane
        // serves it the approvals stream and takes the claims it files.
        var identity = IdentityRecord.Create("alice", _cli.Time);
        await _server.Host.Store.Nodes.RegisterAsync(new DataPlaneNode
        {
            Id = "gw_mcpbridge", Namespace = "alice", Kind = DataPlaneKind.Gateway, Name = "gw", PublicKey = identity.PublicKey, RegisteredAt = _cli.Time.GetUtcNow(),
        });
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"), identity: identity, configure: o => o.NodeId = "gw_mcpbridge");
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        await CreateMcpConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        await _mcp.DisposeAsync();
        _cli.Dispose();
    }

    private string KeyRoot => Path.Combine(_cli.WorkDirectory, "openclaw", ".sigilum", "keys");

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        _runs.Add(run);
        return run;
    }

    /// <summary>As <c>sigilum service add</c> does (ADR 0015): the control-plane service and its key, then the gateway connection.</summary>
    private async Task CreateMcpConnectionAsync()
    {
        var serviceKey = await _server.CreateServiceAsync(_server.StoredToken(_cli.Home, "alice"), "alice", Connection);
        using var admin = _gateway.AdminClient();
        var body = new JsonObject
        {
            ["id"] = Connection,
            ["name"] = "Everything",
            ["protocol"] = "mcp",
            ["base_url"] = _mcp.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["mcp_transport"] = "streamable_http",
            ["mcp_endpoint"] = "/mcp",
            ["auth_mode"] = "header_key",
            ["auth_header_name"] = "X-Upstream-Key",
            ["auth_secret_key"] = "api_key",
            ["secrets"] = new JsonObject { ["api_key"] = Canary },
            ["mcp_tool_allowlist"] = new JsonArray("echo", "get-sum"),
        };
        using var created = await admin.PostAsync(new Uri(_gateway.Url + "/api/admin/connections"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var key = await admin.PutAsync(new Uri(_gateway.Url + "/api/admin/service-api-keys/" + Connection),
            new StringContent(new JsonObject { ["key"] = serviceKey }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(key.IsSuccessStatusCode, await key.Content.ReadAsStringAsync());
    }

    /// <summary>Runs <c>mcp bridge --http 0</c> until <paramref name="use"/> is done with its client (holding the bridge's token), then stops it.</summary>
    private async Task<CliRun> WithBridgeAsync(Func<McpClient, Task> use)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cli.ServerReady = url => ready.TrySetResult(url);
        using var stop = new CancellationTokenSource();
        var run = _cli.RunAsync(stop.Token, "mcp", "bridge", "--connection", Connection, "--http", "0");
        var url = await Task.WhenAny(ready.Task, run) == ready.Task ? await ready.Task : throw new InvalidOperationException((await run).ToString());
        try
        {
            // The bearer token the bridge generated for this port, sent as a client config's "headers" would.
            var tokenFile = Path.Combine(_cli.Home, "run", "mcp-bridge-" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "token");
            var options = new HttpClientTransportOptions
            {
                Endpoint = url,
                AdditionalHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = "Bearer " + File.ReadAllText(tokenFile).Trim() },
            };
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(options));
            await use(client);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var result = await run;
        _runs.Add(result);
        return result;
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    [Fact]
    public async Task Bridge_RealGateway_UnapprovedCallFilesAPendingClaim_AfterApprovalListsTheAllowedToolsAndEchoes()
    {
        var key = AgentKeyDirectory.Ensure(KeyRoot, "main");
        var texts = new List<string>();

        var run = await WithBridgeAsync(async client =>
        {
            // Not approved yet: the call is a readable tool error and the gateway files a pending claim. Until the gateway
            // has loaded the new service's approvals it answers AUTH_CLAIMS_UNAVAILABLE (also a readable tool error).
            var clock = Stopwatch.StartNew();
            CallToolResult refused;
            while (Text(refused = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" }))
                .StartsWith("AUTH_CLAIMS_UNAVAILABLE (HTTP 403)", StringComparison.Ordinal) && clock.Elapsed < WaitLimit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
            Assert.True(refused.IsError);
            texts.Add(Text(refused));
            Assert.Contains("APPROVAL_REQUIRED=true", Text(refused), StringComparison.Ordinal);
            Assert.Contains("APPROVAL_PUBLIC_KEY=" + key.PublicKeyText, Text(refused), StringComparison.Ordinal);

            var pending = (await RunAsync("claims", "list", "--status", "pending", "--json")).Json().GetProperty("claims").EnumerateArray()
                .Where(c => c.GetProperty("public_key").GetString() == key.PublicKeyText).ToList();
            var claim = Assert.Single(pending);
            Assert.Equal(Connection, claim.GetProperty("service").GetString());
            var approve = await RunAsync("claims", "approve", claim.GetProperty("claim_id").GetString()!);
            Assert.True(approve.ExitCode == 0, approve.ToString());

            // The approval reaches the gateway through its signed stream: list until it is in effect.
            IList<McpClientTool>? tools = null;
            clock.Restart();
            while (tools is null)
            {
                try
                {
                    tools = await client.ListToolsAsync();
                }
                catch (McpProtocolException ex) when (ex.Message.Contains("AUTH_CLAIM_REQUIRED", StringComparison.Ordinal) && clock.Elapsed < WaitLimit)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
            Assert.Equal(["echo", "get-sum"], tools.Select(t => t.Name));
            var echoed = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi" });
            Assert.NotEqual(true, echoed.IsError);
            Assert.Equal("Echo: hi", Text(echoed));
            texts.Add(Text(echoed));
            texts.AddRange(tools.Select(t => t.Name + t.Description + t.JsonSchema.GetRawText()));

            var denied = await client.CallToolAsync("get-env");
            Assert.True(denied.IsError);
            Assert.StartsWith("MCP_TOOL_FORBIDDEN (HTTP 403)", Text(denied), StringComparison.Ordinal);
            texts.Add(Text(denied));
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var seen in texts.Concat(_runs.Select(r => r.Stdout + r.Stderr)))
        {
            Assert.DoesNotContain(Canary, seen, StringComparison.Ordinal);
        }
    }
}
