using Sigilum.OpenClaw.Hosting;
using Sigilum.Sdk.Identity;
using Sigilum.Testing.Mcp;

namespace Sigilum.OpenClaw.Mcp;

/// <summary>
/// The real OpenClaw drives <c>sigilum mcp bridge</c> as one of its MCP servers: <c>sigilum openclaw install
/// --mcp-bridge</c> writes the <c>mcp.servers</c> entry, OpenClaw accepts it, and <c>openclaw mcp probe</c> (headless)
/// starts the bridge over stdio and lists only the tools the gateway's policy allows — every request signed with the
/// agent's key that the installer created (checked by <see cref="VerifyingMcpGateway"/>).
/// </summary>
public sealed class McpBridgeProbeTests : IAsyncLifetime
{
    private readonly OpenClawHome _home = new(OpenClawInstallation.Require());
    private VerifyingMcpGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await VerifyingMcpGateway.StartAsync(TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Probe_InstalledBridge_ListsOnlyTheAllowedToolsSignedAsTheAgent()
    {
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home, gatewayUrl: _gateway.Url, extra: ["--mcp-bridge", VerifyingMcpGateway.Connection]);
        var key = AgentKeyDirectory.Find(_home.KeyRoot, "main") ?? throw new InvalidOperationException("the installer created no key for main");
        _gateway.Approved[key.PublicKeyText] = true;
        _gateway.Allowed = ["echo"];

        var validate = await _home.RunAsync("config", "validate", "--json");
        var probe = await _home.RunAsync("mcp", "probe", VerifyingMcpGateway.Connection, "--json");

        Assert.True(OpenClawHome.ParseJson(validate)["valid"]!.GetValue<bool>(), validate.ToString());
        var report = OpenClawHome.ParseJson(probe);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        // OpenClaw names each tool "<server>__<tool>"; the bridge offers no resources or prompts, so nothing else is listed.
        Assert.Equal(1, report["servers"]![VerifyingMcpGateway.Connection]!["tools"]!.GetValue<int>());
        Assert.Equal([VerifyingMcpGateway.Connection + "__echo"], report["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        // The installer's own unsigned GET /health aside, every request came from the bridge, signed as the agent.
        var bridged = _gateway.Requests.Where(r => r.Path.StartsWith("/mcp/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bridged);
        Assert.All(bridged, r =>
        {
            Assert.True(r.Verified.IsValid, r.Verified.Reason);
            Assert.Equal(key.PublicKeyText, r.Verified.PublicKey);
        });
    }
}
