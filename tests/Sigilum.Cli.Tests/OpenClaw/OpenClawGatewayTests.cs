using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Services;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// <c>openclaw import-keys</c> and <c>openclaw connect</c> against a real control plane and a real in-process gateway over
/// loopback HTTP (as <c>sigilum up</c> runs them, the gateway in this home's gateway directory).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpenClawGatewayTests : IAsyncLifetime
{
    // Canary secrets: none of them may appear in any output, the config, the backup or the .env file afterwards.
    private const string OpenAiKey = "sk-canary-openai-0123456789abcdefXYZ";
    private const string GithubToken = "ghp_canaryGithubToken0123456789abcd";
    private const string UnknownKey = "acme-canary-key-0123456789";
    private readonly CliHarness _cli = new();
    private readonly List<CliRun> _runs = [];
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"));
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        _cli.Environment["HOME"] = _cli.WorkDirectory;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var login = await _cli.RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private string StateDir => Path.Combine(_cli.WorkDirectory, ".openclaw");

    private string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        _runs.Add(run);
        return run;
    }

    private async Task PlantKeysAndInstallAsync()
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(ConfigPath, $$"""
            {
              // keys every agent can read today
              env: { vars: { OPENAI_API_KEY: '{{OpenAiKey}}', HTTP_PORT: '8080', ACME_API_KEY: '{{UnknownKey}}' } },
              skills: { entries: { 'openai-image-gen': { enabled: true, apiKey: '{{OpenAiKey}}' } } },
            }
            """);
        File.WriteAllText(Path.Combine(StateDir, ".env"), $"# tokens\nexport GITHUB_TOKEN=\"{GithubToken}\"\nLOG_LEVEL=debug\n");
        var install = await RunAsync("openclaw", "install", "--mode", "local", "--namespace", "alice", "--gateway-url", _gateway.Url, "--cli-path", "/x/sigilum", "--non-interactive");
        Assert.True(install.ExitCode == 0, install.ToString());
    }

    private void AssertNoCanaryAnywhere()
    {
        string[] canaries = [OpenAiKey, GithubToken, Convert.ToBase64String(Encoding.UTF8.GetBytes(OpenAiKey)), Convert.ToHexString(Encoding.UTF8.GetBytes(OpenAiKey))];
        foreach (var run in _runs)
        {
            foreach (var canary in canaries)
            {
                Assert.DoesNotContain(canary, run.Stdout + run.Stderr, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task ImportKeys_DryRun_ListsWithoutSecretsAndChangesNothing()
    {
        await PlantKeysAndInstallAsync();
        var config = File.ReadAllBytes(ConfigPath);

        var run = await RunAsync("openclaw", "import-keys", "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("would-move  openai        env.vars.OPENAI_API_KEY [36 characters] -> sigilum-secure-openai", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("skills.entries.openai-image-gen.apiKey", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(".env: GITHUB_TOKEN (line 2)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("no-template", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP_PORT", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("LOG_LEVEL", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(config, File.ReadAllBytes(ConfigPath));
        var list = await RunAsync("service", "list", "--json");
        Assert.Empty(list.Json().GetProperty("services").EnumerateArray());
        AssertNoCanaryAnywhere();
    }

    [Fact]
    public async Task ImportKeys_PlantedKeys_MoveIntoGatewayConnectionsAndAProxiedCallUsesThem()
    {
        await PlantKeysAndInstallAsync();
        await using var upstream = await TestUpstream.StartAsync();

        var run = await RunAsync("openclaw", "import-keys", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(3, json.GetProperty("moved").GetInt32());
        var statuses = json.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("location").GetString()!, f => f.GetProperty("status").GetString());
        Assert.Equal("moved", statuses["env.vars.OPENAI_API_KEY"]);
        Assert.Equal("moved", statuses["skills.entries.openai-image-gen.apiKey"]);
        Assert.Equal("moved", statuses[".env: GITHUB_TOKEN (line 2)"]);
        Assert.Equal("no-template", statuses["env.vars.ACME_API_KEY"]);

        // The config no longer holds the moved keys (nor does the .env file); everything else stays.
        var configText = File.ReadAllText(ConfigPath);
        Assert.DoesNotContain(OpenAiKey, configText, StringComparison.Ordinal);
        Assert.Contains(UnknownKey, configText, StringComparison.Ordinal);
        var config = JsonNode.Parse(configText)!.AsObject();
        Assert.Equal("8080", JsonTree.Get(config, "env", "vars", "HTTP_PORT")!.GetValue<string>());
        Assert.Null(JsonTree.Get(config, "env", "vars", "OPENAI_API_KEY"));
        Assert.True(JsonTree.Get(config, "skills", "entries", "openai-image-gen")!["enabled"]!.GetValue<bool>());
        Assert.Null(JsonTree.Get(config, "skills", "entries", "openai-image-gen", "apiKey"));
        Assert.Equal("# tokens\nLOG_LEVEL=debug\n", File.ReadAllText(Path.Combine(StateDir, ".env")));
        var backup = json.GetProperty("backup").GetString()!;
        var backupText = File.ReadAllText(backup);
        Assert.DoesNotContain(OpenAiKey, backupText, StringComparison.Ordinal);
        Assert.Contains("[moved to gateway connection sigilum-secure-openai]", backupText, StringComparison.Ordinal);
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(backup));
        // install's own earlier backup was taken while the key was there: named, not printed.
        Assert.Contains(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("still holds a copy of an imported key", StringComparison.Ordinal));

        var services = (await RunAsync("service", "list", "--json")).Json().GetProperty("services").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("in_control_plane").GetBoolean() && s.GetProperty("in_gateway").GetBoolean());
        Assert.True(services["sigilum-secure-openai"]);
        Assert.True(services["sigilum-secure-github"]);

        // The gateway's test call on that connection carries the imported key (pointed at a local upstream here); the
        // signed agent call through /proxy with a claim approval is the end-to-end test OpenClawImportKeysEndToEndTests.
        Assert.Equal(0, (await RunAsync("service", "update", "sigilum-secure-openai", "--base-url", upstream.Url)).ExitCode);
        var test = await RunAsync("service", "test", "sigilum-secure-openai", "--path", "/ok", "--json");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal("Bearer " + OpenAiKey, upstream.LastAuthorization);

        // Nothing left to import; a second run changes nothing.
        var again = await RunAsync("openclaw", "import-keys", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, again.Json().GetProperty("moved").GetInt32());
        AssertNoCanaryAnywhere();
    }

    [Fact]
    public async Task ImportKeys_ConnectionExists_RotatesTheKeyIntoIt()
    {
        await using var upstream = await TestUpstream.StartAsync();
        _cli.Environment["OLD_KEY"] = "sk-old-value-0000000000";
        Assert.Equal(0, (await RunAsync("service", "add", "--name", "OpenAI", "--id", "sigilum-secure-openai", "--base-url", upstream.Url, "--auth-secret-key", "api_key", "--secret-env", "api_key=OLD_KEY")).ExitCode);
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(ConfigPath, new JsonObject
        {
            ["env"] = new JsonObject { ["vars"] = new JsonObject { ["OPENAI_API_KEY"] = OpenAiKey, ["SIGILUM_GATEWAY_URL"] = _gateway.Url } },
        }.ToJsonString());

        var run = await RunAsync("openclaw", "import-keys");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("moved       openai", run.Stdout, StringComparison.Ordinal);
        var get = (await RunAsync("service", "get", "sigilum-secure-openai", "--json")).Json();
        Assert.Equal(2, get.GetProperty("connection").GetProperty("secret_version").GetInt32());
        Assert.Equal(0, (await RunAsync("service", "test", "sigilum-secure-openai", "--path", "/ok")).ExitCode);
        Assert.Equal("Bearer " + OpenAiKey, upstream.LastAuthorization);
        AssertNoCanaryAnywhere();
    }

    [Fact]
    public async Task ImportKeys_GatewayUnreachable_FailsAndLeavesTheKeysInPlace()
    {
        await PlantKeysAndInstallAsync();
        var config = File.ReadAllBytes(ConfigPath);

        var run = await RunAsync("openclaw", "import-keys", "--gateway-url", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Equal(config, File.ReadAllBytes(ConfigPath));
        Assert.Contains(GithubToken, File.ReadAllText(Path.Combine(StateDir, ".env")), StringComparison.Ordinal);
        AssertNoCanaryAnywhere();
    }

    [Fact]
    public async Task Connect_PairingCode_PairsThenInstallsManagedWithKeys()
    {
        var session = (await RunAsync("gateway", "pairing", "start", "--json")).Json();
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(ConfigPath, """{agents: {entries: {work: {}}}}""");

        var run = await RunAsync("openclaw", "connect", "--session-id", session.GetProperty("sessionId").GetString()!,
            "--pair-code", session.GetProperty("pairCode").GetString()!, "--namespace", "alice", "--api-url", _server.Url,
            "--no-start", "--gateway-url", _gateway.Url, "--cli-path", "/x/sigilum", "--non-interactive", "--retries", "0");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Paired this gateway with", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Installed.", run.Stdout, StringComparison.Ordinal);
        Assert.NotNull(GatewayConnection.Read(new Local.SigilumPaths(_cli.Home)));
        var config = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        Assert.Equal("managed", JsonTree.Get(config, "env", "vars", "SIGILUM_MODE")!.GetValue<string>());
        Assert.Equal(_server.Url, JsonTree.Get(config, "env", "vars", "SIGILUM_API_URL")!.GetValue<string>());
        Assert.Equal(["default", "main", "work"], AgentKeyDirectory.ListAgents(Path.Combine(StateDir, ".sigilum", "keys")));

        // Already paired and installed: connect again pairs nothing and changes nothing.
        var again = await RunAsync("openclaw", "connect", "--no-start", "--gateway-url", _gateway.Url, "--cli-path", "/x/sigilum", "--non-interactive");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already paired", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Already installed: nothing to change", again.Stdout, StringComparison.Ordinal);

        var status = await RunAsync("openclaw", "status", "--json");
        Assert.True(status.Json().GetProperty("paired").GetBoolean());
        Assert.True(status.Json().GetProperty("gatewayHealthy").GetBoolean());
    }

    [Fact]
    public async Task Connect_NetworkFailureWhilePairing_IsRetried()
    {
        var session = (await RunAsync("gateway", "pairing", "start", "--json")).Json();
        var failures = 1;
        _cli.CreateHttpHandler = () => new FailingPairing(() => Interlocked.Decrement(ref failures) >= 0) { InnerHandler = new SocketsHttpHandler() };

        var run = await RunAsync("openclaw", "connect", "--session-id", session.GetProperty("sessionId").GetString()!,
            "--pair-code", session.GetProperty("pairCode").GetString()!, "--namespace", "alice", "--api-url", _server.Url,
            "--no-start", "--gateway-url", _gateway.Url, "--cli-path", "/x/sigilum", "--non-interactive", "--retries", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: Pairing attempt 1 failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Installed.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WrongPairingCode_IsNotRetriedAndInstallsNothing()
    {
        var session = (await RunAsync("gateway", "pairing", "start", "--json")).Json();

        var run = await RunAsync("openclaw", "connect", "--session-id", session.GetProperty("sessionId").GetString()!,
            "--pair-code", "ABCDEFGH", "--namespace", "alice", "--api-url", _server.Url,
            "--no-start", "--gateway-url", _gateway.Url, "--non-interactive", "--retries", "3");

        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.DoesNotContain("retrying", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StateDir));
    }

    /// <summary>Fails the pairing registration with a transport error while <c>fail()</c> says so; everything else goes through.</summary>
    private sealed class FailingPairing(Func<bool> fail) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath == "/v1/gateway/pairing/register" && fail()
                ? throw new HttpRequestException("connection reset (test)")
                : base.SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task Connect_NotPairedAndNoCode_FailsNamingWhatIsNeeded()
    {
        var run = await RunAsync("openclaw", "connect", "--non-interactive");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--session-id and --pair-code", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StateDir));
    }

    [Fact]
    public async Task Install_ManagedWithThisHomesPairedGateway_Installs()
    {
        var session = (await RunAsync("gateway", "pairing", "start", "--json")).Json();
        Assert.Equal(0, (await RunAsync("gateway", "connect", "--session-id", session.GetProperty("sessionId").GetString()!, "--pair-code",
            session.GetProperty("pairCode").GetString()!, "--namespace", "alice", "--api-url", _server.Url, "--no-start")).ExitCode);

        var run = await RunAsync("openclaw", "install", "--gateway-url", _gateway.Url, "--cli-path", "/x/sigilum", "--non-interactive", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("managed", run.Json().GetProperty("mode").GetString());
        Assert.Equal("alice", run.Json().GetProperty("namespace").GetString());
    }
}
