using System.Text.Json.Nodes;

namespace Sigilum.Cli.Mcp;

/// <summary><c>sigilum openclaw install --mcp-bridge &lt;connection&gt;</c>: the <c>mcp.servers</c> entry that runs the bridge, and its removal.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class McpBridgeOpenClawInstallTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public McpBridgeOpenClawInstallTests()
    {
        _cli.UseNetwork();
        _cli.Environment["HOME"] = _cli.WorkDirectory;
    }

    private string StateDir => Path.Combine(_cli.WorkDirectory, "oc");

    private string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    public void Dispose() => _cli.Dispose();

    // Port 1 refuses at once: local mode only warns that the gateway does not answer yet.
    private Task<CliRun> InstallAsync(params string[] extra) => _cli.RunAsync([
        "openclaw", "install", "--mode", "local", "--namespace", "alice", "--gateway-url", "http://127.0.0.1:1",
        "--openclaw-home", StateDir, "--cli-path", "/usr/local/bin/sigilum", "--non-interactive", .. extra]);

    [Fact]
    public async Task Install_McpBridge_WritesAStdioServerThatRunsTheBridgeWithoutAnySecret()
    {
        var run = await InstallAsync("--mcp-bridge", "sigilum-secure-linear", "--mcp-bridge", "sigilum-secure-github");

        Assert.True(run.ExitCode == 0, run.ToString());
        var servers = JsonNode.Parse(File.ReadAllText(ConfigPath))!["mcp"]!["servers"]!.AsObject();
        Assert.Equal(["sigilum-secure-linear", "sigilum-secure-github"], servers.Select(s => s.Key));
        var linear = servers["sigilum-secure-linear"]!;
        Assert.Equal("/usr/local/bin/sigilum", linear["command"]!.GetValue<string>());
        Assert.Equal(["mcp", "bridge", "--connection", "sigilum-secure-linear"], linear["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        var env = linear["env"]!.AsObject();
        Assert.Equal(["SIGILUM_NAMESPACE", "SIGILUM_GATEWAY_URL", "SIGILUM_KEY_ROOT"], env.Select(e => e.Key));
        Assert.Equal("alice", env["SIGILUM_NAMESPACE"]!.GetValue<string>());
        Assert.Equal(Path.Combine(StateDir, ".sigilum", "keys"), env["SIGILUM_KEY_ROOT"]!.GetValue<string>());
    }

    [Fact]
    public async Task Install_McpBridgeConnectionThatIsNotAnId_RefusedAndNothingWritten()
    {
        var run = await InstallAsync("--mcp-bridge", "linear; rm -rf /");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(AGENT_INPUT_INVALID)", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Uninstall_AfterMcpBridgeInstall_RemovesTheServerEntry()
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(ConfigPath, """{"mcp":{"servers":{"mine":{"url":"http://127.0.0.1:9/mcp"}}}}""");
        Assert.Equal(0, (await InstallAsync("--mcp-bridge", "sigilum-secure-linear")).ExitCode);

        var run = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir);

        Assert.True(run.ExitCode == 0, run.ToString());
        var servers = JsonNode.Parse(File.ReadAllText(ConfigPath))!["mcp"]!["servers"]!.AsObject();
        Assert.Equal(["mine"], servers.Select(s => s.Key));
    }
}
