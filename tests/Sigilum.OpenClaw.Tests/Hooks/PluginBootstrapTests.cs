using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Hooks;

/// <summary>sigilum-plugin on <c>agent:bootstrap</c>: the gateway-first policy as a bootstrap file (handler run by Node directly).</summary>
public sealed class PluginBootstrapTests : IDisposable
{
    private const string Connections = """
        {"connections":[
          {"id":"openai","name":"OpenAI","protocol":"http","status":"active"},
          {"id":"github","name":"GitHub","protocol":"http","status":"disabled"},
          {"id":"linear","name":"Linear","protocol":"http","status":"active"}]}
        """;

    private readonly HookSandbox _sandbox = new();

    [Fact]
    public async Task Bootstrap_MainSession_AddsSigilumFileWithPolicyConnectionsAndHelper()
    {
        using var gateway = new FakeConnectionList(200, Connections);

        var run = await _sandbox.RunAsync("sigilum-plugin", BootstrapEvent("agent:main:main", gateway.Url));

        var files = run.BootstrapFiles;
        Assert.Equal(["AGENTS.md", "SIGILUM.md"], files.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("agents", files[0]!["content"]!.GetValue<string>());
        var policy = files[1]!;
        Assert.Equal("/work/space/SIGILUM.md", policy["path"]!.GetValue<string>());
        Assert.False(policy["missing"]!.GetValue<bool>());
        var text = policy["content"]!.GetValue<string>();
        Assert.Contains("- linear: Linear, http\n- openai: OpenAI, http\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("github", text, StringComparison.Ordinal);
        Assert.Contains($"`{_sandbox.StateDirectory}/skills/sigilum/bin/sigilum-agent tools <connection>`", text, StringComparison.Ordinal);
        Assert.Contains("`HTTP_STATUS=<code>`", text, StringComparison.Ordinal);
        Assert.Contains("`APPROVAL_REQUIRED=true`", text, StringComparison.Ordinal);
        Assert.Contains("Never say you have no access to a provider before a signed `tools`", text, StringComparison.Ordinal);
        Assert.Contains($"through the Sigilum gateway at {gateway.Url} (namespace alice)", text, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Requests);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Bootstrap_GatewayRefusesTheList_PolicySaysToCheckByNameWithTools()
    {
        // A remote gateway (or one in token-only admin mode) refuses the loopback listing: no admin token is used.
        using var gateway = new FakeConnectionList(403, """{"code":"ADMIN_TOKEN_REQUIRED"}""");

        var run = await _sandbox.RunAsync("sigilum-plugin", BootstrapEvent("agent:main:main", gateway.Url));

        var text = run.BootstrapFiles.Single(f => f!["name"]!.GetValue<string>() == "SIGILUM.md")!["content"]!.GetValue<string>();
        Assert.Contains("The connection list is not available here (the gateway answered HTTP 403 to the connection list).", text, StringComparison.Ordinal);
        Assert.Contains("with the signed `tools` command below", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_GatewayDown_PolicyStillAddedAndHandlerReturns()
    {
        var run = await _sandbox.RunAsync("sigilum-plugin", BootstrapEvent("agent:main:main", "http://127.0.0.1:9"));

        var text = run.BootstrapFiles.Single(f => f!["name"]!.GetValue<string>() == "SIGILUM.md")!["content"]!.GetValue<string>();
        Assert.Contains("The connection list is not available here (the gateway could not be reached", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agent:main:subagent:7f3a")]
    [InlineData("subagent:7f3a")]
    [InlineData("agent:main:cron:nightly")]
    public async Task Bootstrap_SessionThatKeepsOnlyAgentsMd_AppendsPolicyToAgentsMdInstead(string sessionKey)
    {
        using var gateway = new FakeConnectionList(200, Connections);

        var run = await _sandbox.RunAsync("sigilum-plugin", BootstrapEvent(sessionKey, gateway.Url));

        // Sub-agent (and cron) sessions keep only AGENTS.md (and a few others): a separate SIGILUM.md would be dropped.
        var file = Assert.Single(run.BootstrapFiles)!;
        Assert.Equal("AGENTS.md", file["name"]!.GetValue<string>());
        var text = file["content"]!.GetValue<string>();
        Assert.StartsWith("agents\n\n# Sigilum: reach providers through the gateway\n", text, StringComparison.Ordinal);
        Assert.Contains("- openai: OpenAI, http", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_NewAgent_GetsKeyAndPolicyAnnouncesIt()
    {
        using var gateway = new FakeConnectionList(200, Connections);

        var run = await _sandbox.RunAsync("sigilum-plugin", BootstrapEvent("agent:scout:main", gateway.Url, agentId: "scout"));

        var info = Sdk.Identity.AgentKeyDirectory.Find(_sandbox.KeyRoot, "scout");
        Assert.NotNull(info);
        var text = run.BootstrapFiles.Single(f => f!["name"]!.GetValue<string>() == "SIGILUM.md")!["content"]!.GetValue<string>();
        Assert.Contains($"New Sigilum key for agent scout (fingerprint {info.Fingerprint}, namespace alice)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_KeyRootUnusable_LogsAndStillAddsPolicy()
    {
        using var gateway = new FakeConnectionList(200, Connections);
        var blocker = Path.Combine(_sandbox.HomeDirectory, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var hookEvent = BootstrapEvent("agent:main:main", gateway.Url);
        hookEvent["context"]!["cfg"]!["hooks"]!["internal"]!["entries"]!["sigilum-plugin"]!["env"]!["SIGILUM_KEY_ROOT"] = blocker;

        var run = await _sandbox.RunAsync("sigilum-plugin", hookEvent);

        Assert.Contains("[sigilum-plugin] could not create a key pair for agent \"main\"", run.Errors, StringComparison.Ordinal);
        Assert.Contains(run.BootstrapFiles, f => f!["name"]!.GetValue<string>() == "SIGILUM.md");
    }

    internal static JsonObject BootstrapEvent(string sessionKey, string gatewayUrl, string agentId = "main") => new()
    {
        ["type"] = "agent",
        ["action"] = "bootstrap",
        ["sessionKey"] = sessionKey,
        ["context"] = new JsonObject
        {
            ["workspaceDir"] = "/work/space",
            ["agentId"] = agentId,
            ["sessionKey"] = sessionKey,
            ["bootstrapFiles"] = new JsonArray(new JsonObject { ["name"] = "AGENTS.md", ["path"] = "/work/space/AGENTS.md", ["content"] = "agents", ["missing"] = false }),
            ["cfg"] = new JsonObject
            {
                ["hooks"] = new JsonObject
                {
                    ["internal"] = new JsonObject
                    {
                        ["entries"] = new JsonObject
                        {
                            ["sigilum-plugin"] = new JsonObject
                            {
                                ["env"] = new JsonObject { ["SIGILUM_NAMESPACE"] = "alice", ["SIGILUM_GATEWAY_URL"] = gatewayUrl },
                            },
                        },
                    },
                },
            },
        },
    };

    public void Dispose() => _sandbox.Dispose();
}
