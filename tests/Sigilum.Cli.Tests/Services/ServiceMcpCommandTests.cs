using System.Text.Json;
using Sigilum.Cli.Gateway;
using Sigilum.Testing.Mcp;

namespace Sigilum.Cli.Services;

/// <summary>
/// The MCP side of the service commands (issue #15 item 3): <c>service add --protocol mcp</c>, <c>service discover</c>,
/// <c>service policy</c> and <c>service get</c>, against a real control plane, a real in-process gateway and the real MCP
/// reference server, all on loopback.
/// </summary>
public sealed class ServiceMcpCommandTests : IAsyncLifetime
{
    private const string Secret = "mcp-test-credential-5b1e0c9d7a";
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;
    private McpReferenceServer _mcp = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _mcp = await McpReferenceServer.StartAsync();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"));
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        _cli.Environment["MCP_SECRET"] = Secret;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var login = await _cli.RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        await _mcp.DisposeAsync();
        _cli.Dispose();
    }

    private Task<CliRun> AddToolsAsync(params string[] extra) => _cli.RunAsync([
        "service", "add", "--name", "Everything", "--id", "tools", "--protocol", "mcp", "--base-url", _mcp.BaseUrl.ToString().TrimEnd('/'),
        "--mcp-endpoint", "/mcp", "--auth-secret-key", "token", "--secret-env", "token=MCP_SECRET", .. extra]);

    private static Dictionary<string, (bool Allowed, string Reason)> Tools(JsonElement mcp) =>
        mcp.GetProperty("tools").EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!, t => (t.GetProperty("allowed").GetBoolean(), t.GetProperty("reason_code").GetString()!));

    [Fact]
    public async Task Add_ProtocolMcp_CreatesTheConnectionAndDiscoversTheServersTools()
    {
        var run = await AddToolsAsync("--mcp-deny", "get-env", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        var json = run.Json();
        var connection = json.GetProperty("connection");
        Assert.Equal(("mcp", "/mcp"), (connection.GetProperty("protocol").GetString(), connection.GetProperty("mcp_endpoint").GetString()));
        Assert.Equal(["get-env"], connection.GetProperty("mcp_tool_policy").GetProperty("denylist").EnumerateArray().Select(d => d.GetString()));
        var tools = Tools(json.GetProperty("mcp"));
        Assert.Equal(13, tools.Count);
        Assert.Equal((true, "MCP_TOOL_ALLOWED"), tools["echo"]);
        Assert.Equal((false, "MCP_TOOL_DENIED_DENYLIST"), tools["get-env"]);
    }

    [Fact]
    public async Task Add_ProtocolMcp_HumanOutputNamesTheMcpRouteAndTheTools()
    {
        var run = await AddToolsAsync("--mcp-allow", "echo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("/mcp/tools/tools", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sigilum mcp bridge --connection tools", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 of 13 tools exposed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("MCP_TOOL_DENIED_ALLOWLIST", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_Force_ListsEveryToolWithTheSource()
    {
        Assert.Equal(0, (await AddToolsAsync()).ExitCode);

        var run = await _cli.RunAsync("service", "discover", "tools", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("refreshed", json.GetProperty("source").GetString());
        Assert.Equal(13, Tools(json.GetProperty("mcp")).Count);
        Assert.NotNull(json.GetProperty("mcp").GetProperty("lastDiscoveredAt").GetString());
        var human = await _cli.RunAsync("service", "discover", "tools", "--refresh", "auto");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("13 tools on tools (cache_hit)", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("echo", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_HttpService_ExitsUsage()
    {
        _cli.Environment["HTTP_SECRET"] = Secret;
        Assert.Equal(0, (await _cli.RunAsync("service", "add", "--name", "Plain", "--base-url", "http://127.0.0.1:9", "--secret-env", "api_key=HTTP_SECRET")).ExitCode);

        var run = await _cli.RunAsync("service", "discover", "plain");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Policy_ConnectionAllowDenyMax_ShowsTheDecisionPerTool()
    {
        Assert.Equal(0, (await AddToolsAsync()).ExitCode);

        var run = await _cli.RunAsync("service", "policy", "tools", "--allow", "echo,get-env", "--allow", "get-tiny-image", "--deny", "get-env", "--max-tools", "1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var mcp = run.Json().GetProperty("mcp");
        Assert.Equal(["echo", "get-env", "get-tiny-image"], mcp.GetProperty("policy").GetProperty("allowlist").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1, mcp.GetProperty("policy").GetProperty("max_tools_exposed").GetInt32());
        var tools = Tools(mcp);
        Assert.Equal((true, "MCP_TOOL_ALLOWED"), tools["echo"]);
        Assert.Equal((false, "MCP_TOOL_DENIED_DENYLIST"), tools["get-env"]);
        Assert.Equal((false, "MCP_TOOL_DENIED_MAX_TOOLS_EXPOSED"), tools["get-tiny-image"]);
        Assert.Equal(1, tools.Count(t => t.Value.Allowed));

        var cleared = await _cli.RunAsync("service", "policy", "tools", "--clear", "--json");
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.All(Tools(cleared.Json().GetProperty("mcp")).Values, t => Assert.True(t.Allowed));
    }

    [Fact]
    public async Task Policy_SubjectAllowlistDisjointFromTheConnections_ThatSubjectGetsNoTool()
    {
        Assert.Equal(0, (await AddToolsAsync("--mcp-allow", "echo")).ExitCode);

        var run = await _cli.RunAsync("service", "policy", "tools", "--subject", "alice@example.com", "--allow", "get-env", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var mcp = run.Json().GetProperty("mcp");
        Assert.Equal(JsonValueKind.Array, mcp.GetProperty("effectivePolicy").GetProperty("allowlist").ValueKind);
        Assert.Empty(mcp.GetProperty("effectivePolicy").GetProperty("allowlist").EnumerateArray());
        Assert.DoesNotContain(Tools(mcp).Values, t => t.Allowed);
        Assert.Equal((false, "MCP_TOOL_DENIED_ALLOWLIST"), Tools(mcp)["echo"]);
        // The connection's own view is unchanged.
        var show = await _cli.RunAsync("service", "policy", "tools", "--show", "--json");
        Assert.Equal((true, "MCP_TOOL_ALLOWED"), Tools(show.Json().GetProperty("mcp"))["echo"]);
    }

    [Fact]
    public async Task Policy_TwoSubjects_ChangingOneKeepsTheOtherAndClearRemovesOnlyIt()
    {
        Assert.Equal(0, (await AddToolsAsync()).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("service", "policy", "tools", "--subject", "alice", "--deny", "echo")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("service", "policy", "tools", "--subject", "bob", "--max-tools", "2")).ExitCode);

        var changed = await _cli.RunAsync("service", "policy", "tools", "--subject", "alice", "--allow", "echo,add", "--json");

        Assert.True(changed.ExitCode == 0, changed.ToString());
        var subjects = changed.Json().GetProperty("mcp").GetProperty("subjectPolicies");
        Assert.Equal(["echo"], subjects.GetProperty("alice").GetProperty("denylist").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["add", "echo"], subjects.GetProperty("alice").GetProperty("allowlist").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, subjects.GetProperty("bob").GetProperty("max_tools_exposed").GetInt32());

        var cleared = await _cli.RunAsync("service", "policy", "tools", "--subject", "alice", "--clear", "--json");
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        var left = cleared.Json().GetProperty("mcp").GetProperty("subjectPolicies");
        Assert.Equal(["bob"], left.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_McpService_ShowsEndpointPolicyAndTools()
    {
        Assert.Equal(0, (await AddToolsAsync("--mcp-deny", "get-env")).ExitCode);

        var human = await _cli.RunAsync("service", "get", "tools");
        var json = await _cli.RunAsync("service", "get", "tools", "--json");

        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("streamable_http, endpoint /mcp", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("deny get-env", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("12 of 13 tools exposed", human.Stdout, StringComparison.Ordinal);
        Assert.Equal((false, "MCP_TOOL_DENIED_DENYLIST"), Tools(json.Json().GetProperty("mcp"))["get-env"]);
    }

    [Fact]
    public async Task Policy_HttpService_ExitsUsageNamingTheProtocol()
    {
        _cli.Environment["HTTP_SECRET"] = Secret;
        Assert.Equal(0, (await _cli.RunAsync("service", "add", "--name", "Plain", "--base-url", "http://127.0.0.1:9", "--secret-env", "api_key=HTTP_SECRET")).ExitCode);

        var run = await _cli.RunAsync("service", "policy", "plain", "--allow", "echo");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is an http service", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--show", "--allow", "echo")]
    [InlineData("--clear", "--deny", "echo")]
    [InlineData("--max-tools", "-1")]
    [InlineData("--allow", "two words")]
    [InlineData("--subject", "")]
    public async Task Policy_InvalidFlags_ExitUsageBeforeAnyRequest(params string[] flags)
    {
        var run = await _cli.RunAsync(["service", "policy", "tools", .. flags, "--gateway-url", "http://127.0.0.1:1"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Theory]
    [InlineData("--mcp-deny", "get-env")]
    [InlineData("--mcp-endpoint", "/mcp")]
    [InlineData("--mcp-max-tools", "3")]
    public async Task Add_McpOptionWithoutProtocolMcp_ExitsUsage(string option, string value)
    {
        var run = await _cli.RunAsync("service", "add", "--name", "Plain", "--base-url", "http://127.0.0.1:9", "--secret-env", "api_key=MCP_SECRET", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("need --protocol mcp", run.Stderr, StringComparison.Ordinal);
        Assert.Empty((await _cli.RunAsync("service", "list", "--json")).Json().GetProperty("services").EnumerateArray());
    }

    [Theory]
    [InlineData("mcp.example.com/mcp")]
    [InlineData("ftp://mcp.example.com/mcp")]
    [InlineData("https://user:pw@mcp.example.com/mcp")]
    public async Task Add_McpEndpointNeitherPathNorHttpUrl_ExitsUsage(string endpoint)
    {
        var run = await _cli.RunAsync("service", "add", "--name", "Everything", "--protocol", "mcp", "--base-url", _mcp.BaseUrl.ToString().TrimEnd('/'),
            "--mcp-endpoint", endpoint, "--secret-env", "token=MCP_SECRET");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--mcp-endpoint", run.Stderr, StringComparison.Ordinal);
    }
}
