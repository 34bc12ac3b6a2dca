using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.OpenClaw.Assets;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary><c>openclaw install | status | uninstall</c> in-process against temp OpenClaw state directories (local mode, no gateway).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpenClawInstallCommandTests : IDisposable
{
    private const string Json5Config = """
        // my OpenClaw config
        {
          agents: {
            entries: {
              work: { subagents: { allowAgents: ['helper', '*'], }, },
            },
          },
          env: { vars: { HTTP_PORT: '8080', }, },
          hooks: { internal: { enabled: true, entries: { 'session-memory': { enabled: true } } } },
        }
        """;

    private readonly CliHarness _cli = new();

    public OpenClawInstallCommandTests()
    {
        _cli.UseNetwork();
        StateDir = Path.Combine(_cli.WorkDirectory, "oc");
        _cli.Environment["HOME"] = _cli.WorkDirectory;
    }

    private string StateDir { get; }

    private string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    public void Dispose() => _cli.Dispose();

    // Port 1 refuses at once: local mode only warns that the gateway does not answer yet.
    private Task<CliRun> InstallAsync(params string[] extra) => _cli.RunAsync([
        "openclaw", "install", "--mode", "local", "--namespace", "alice", "--gateway-url", "http://127.0.0.1:1",
        "--openclaw-home", StateDir, "--cli-path", "/usr/local/bin/sigilum", "--non-interactive", .. extra]);

    private void WriteConfig(string text)
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllText(ConfigPath, text);
    }

    private JsonObject ReadConfig() => JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.Exists(StateDir)
            ? Directory.EnumerateFiles(StateDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes)
            : [];

    [Fact]
    public async Task Install_EmptyHome_WritesAssetsKeysAndConfigOwnerOnly()
    {
        var run = await InstallAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Installed.", run.Stdout, StringComparison.Ordinal);
        foreach (var asset in OpenClawAssets.All)
        {
            var path = Path.Combine(StateDir, asset.RelativePath);
            Assert.Equal(asset.Content, File.ReadAllBytes(path));
            Assert.Equal(asset.Executable ? PrivateFiles.DirectoryMode : PrivateFiles.FileMode, File.GetUnixFileMode(path));
            Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(ConfigPath));
        var config = ReadConfig();
        Assert.Equal("local", JsonTree.Get(config, "env", "vars", "SIGILUM_MODE")!.GetValue<string>());
        Assert.Equal("alice", JsonTree.Get(config, "env", "vars", "SIGILUM_NAMESPACE")!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:1", JsonTree.Get(config, "env", "vars", "SIGILUM_GATEWAY_URL")!.GetValue<string>());
        Assert.Equal("/usr/local/bin/sigilum", JsonTree.Get(config, "env", "vars", "SIGILUM_CLI_PATH")!.GetValue<string>());
        Assert.Equal(Path.Combine(StateDir, ".sigilum", "keys"), JsonTree.Get(config, "env", "vars", "SIGILUM_KEY_ROOT")!.GetValue<string>());
        Assert.True(JsonTree.Get(config, "hooks", "internal", "enabled")!.GetValue<bool>());
        var plugin = JsonTree.Get(config, "hooks", "internal", "entries", "sigilum-plugin")!;
        Assert.True(plugin["enabled"]!.GetValue<bool>());
        Assert.Equal("true", plugin["env"]!["SIGILUM_AUTO_BOOTSTRAP_AGENTS"]!.GetValue<string>());
        Assert.Null(JsonTree.Get(config, "hooks", "internal", "entries", "sigilum-authz-notify"));
        // skills.entries.* accepts only enabled, apiKey, env, config.
        var skill = JsonTree.Get(config, "skills", "entries", "sigilum")!.AsObject();
        Assert.All(skill, p => Assert.Contains(p.Key, new[] { "enabled", "apiKey", "env", "config" }));
        Assert.Equal(["default", "main"], AgentKeyDirectory.ListAgents(Path.Combine(StateDir, ".sigilum", "keys")));
        // Nothing today's OpenClaw rejects.
        Assert.Null(JsonTree.Get(config, "agents", "list"));
        Assert.Null(JsonTree.Get(config, "hooks", "internal", "handlers"));
        Assert.Null(config["installs"]);
    }

    [Fact]
    public async Task Install_Json5Config_KeepsUserKeysWritesPlainJsonAndBacksUpTheOriginal()
    {
        WriteConfig(Json5Config);
        var original = File.ReadAllBytes(ConfigPath);

        var run = await InstallAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("configWasJson5").GetBoolean());
        var backup = json.GetProperty("backup").GetString()!;
        Assert.Equal(original, File.ReadAllBytes(backup));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(backup));
        Assert.StartsWith(ConfigPath + ".sigilum-backup-", backup, StringComparison.Ordinal);
        var text = File.ReadAllText(ConfigPath);
        Assert.StartsWith("{\n  \"agents\": {\n    \"entries\": {", text, StringComparison.Ordinal);
        var config = ReadConfig();
        Assert.Equal("8080", JsonTree.Get(config, "env", "vars", "HTTP_PORT")!.GetValue<string>());
        Assert.True(JsonTree.Get(config, "hooks", "internal", "entries", "session-memory")!["enabled"]!.GetValue<bool>());
        Assert.Equal(["default", "helper", "main", "work"], AgentKeyDirectory.ListAgents(Path.Combine(StateDir, ".sigilum", "keys")));
        // A named bundled hook besides Sigilum's: no allow-list warning.
        Assert.DoesNotContain(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("allow-list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Install_SecondRun_ChangesNothingAndSaysSo()
    {
        WriteConfig(Json5Config);
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var before = Snapshot();
        var times = before.Keys.ToDictionary(p => p, File.GetLastWriteTimeUtc);

        var again = await InstallAsync();

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Already installed: nothing to change", again.Stdout, StringComparison.Ordinal);
        var after = Snapshot();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        Assert.All(times, file => Assert.Equal(file.Value, File.GetLastWriteTimeUtc(file.Key)));
        Assert.False((await InstallAsync("--json")).Json().GetProperty("hasChanges").GetBoolean());
    }

    [Fact]
    public async Task Install_ChangedFileOrMode_IsRepairedOnTheNextRun()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var handler = Path.Combine(StateDir, "hooks", "sigilum-plugin", "handler.js");
        var helper = Path.Combine(StateDir, "skills", "sigilum", "bin", "sigilum-agent");
        File.AppendAllText(handler, "// edited");
        File.SetUnixFileMode(helper, PrivateFiles.DirectoryMode | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var run = await InstallAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var files = run.Json().GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("action").GetString());
        Assert.Equal("update", files["hooks/sigilum-plugin/handler.js"]);
        Assert.Equal("mode", files["skills/sigilum/bin/sigilum-agent"]);
        Assert.Equal("unchanged", files["skills/sigilum/SKILL.md"]);
        Assert.Equal(OpenClawAssets.All.Single(a => a.RelativePath == "hooks/sigilum-plugin/handler.js").Content, File.ReadAllBytes(handler));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(helper));
    }

    [Fact]
    public async Task Install_Force_RewritesEverythingAfterABackup()
    {
        WriteConfig("{}");
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        _cli.Time.Advance(TimeSpan.FromSeconds(5));

        var run = await InstallAsync("--force", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("changed").GetBoolean());
        Assert.All(json.GetProperty("files").EnumerateArray(), f => Assert.Equal("rewrite", f.GetProperty("action").GetString()));
        Assert.NotNull(json.GetProperty("backup").GetString());
        Assert.Equal(2, Directory.GetFiles(StateDir, "openclaw.json.sigilum-backup-*").Length);
    }

    [Fact]
    public async Task Install_DryRun_PrintsThePlanAndChangesNothing()
    {
        WriteConfig(Json5Config);
        var before = Snapshot();

        var run = await InstallAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Plan (dry run):", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("create    hooks/sigilum-plugin/handler.js (0600)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("create    skills/sigilum/bin/sigilum-agent (0700)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("set       env.vars.SIGILUM_NAMESPACE = \"alice\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("key       work", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("JSON5; written back as plain JSON, 2-space indent", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was changed.", run.Stdout, StringComparison.Ordinal);
        var after = Snapshot();
        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(before[ConfigPath], after[ConfigPath]);
    }

    [Fact]
    public async Task Install_OnlySigilumHookEntries_WarnsAboutTheAllowList()
    {
        WriteConfig("{hooks: {internal: {enabled: true}}}");

        var run = await InstallAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: OpenClaw treats named hook entries as an allow-list", run.Stderr, StringComparison.Ordinal);
        // The bundled hooks by name (checked against the real package in Sigilum.OpenClaw.Tests), not a placeholder.
        Assert.Contains("(in OpenClaw 2026.9.6: boot-md, bootstrap-extra-files, command-logger, compaction-notifier, session-memory)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("<bundled-hook>", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_LegacyAgentList_ReadForKeysButNotWritten()
    {
        WriteConfig("""{"agents": {"list": [{"id": "legacy-bot"}], "defaults": {"id": "old-default", "subagents": {"allowAgents": ["scout"]}}}}""");

        var run = await InstallAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["default", "legacy-bot", "main", "old-default", "scout"], AgentKeyDirectory.ListAgents(Path.Combine(StateDir, ".sigilum", "keys")));
        // The user's own (legacy) keys stay as they were; the installer adds none of its own there.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"list": [{"id": "legacy-bot"}], "defaults": {"id": "old-default", "subagents": {"allowAgents": ["scout"]}}}"""), ReadConfig()["agents"]));
        var keyFile = Directory.GetFiles(Path.Combine(StateDir, ".sigilum", "keys", "scout"), "*.key").Single();
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(keyFile));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
    }

    [Fact]
    public async Task Install_InvalidConfig_FailsWithoutChangingAnything()
    {
        WriteConfig("{agents: {entries: {work: {}}}");
        var before = Snapshot();

        var run = await InstallAsync();

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("is not valid JSON5", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 1", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Keys, Snapshot().Keys);
    }

    [Fact]
    public async Task Install_NonInteractiveWithoutNamespace_FailsNamingTheFlag()
    {
        var run = await _cli.RunAsync("openclaw", "install", "--mode", "local", "--openclaw-home", StateDir, "--gateway-url", "http://127.0.0.1:1", "--non-interactive");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("No namespace: pass --namespace NS", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StateDir));
    }

    [Fact]
    public async Task Install_InteractiveWithoutNamespace_AsksOnStandardInput()
    {
        _cli.StandardInput = Encoding.UTF8.GetBytes("bob\n\n");

        var run = await _cli.RunAsync("openclaw", "install", "--mode", "local", "--openclaw-home", StateDir, "--interactive", "--cli-path", "/x/sigilum", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Your Sigilum namespace", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("The gateway your agents call: [http://127.0.0.1:38100]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("bob", run.Json().GetProperty("namespace").GetString());
        Assert.Equal("http://127.0.0.1:38100", run.Json().GetProperty("gatewayUrl").GetString());
    }

    [Fact]
    public async Task Install_ManagedWithoutAReachableGateway_FailsWithAdviceAndWritesNothing()
    {
        var run = await _cli.RunAsync("openclaw", "install", "--mode", "managed", "--namespace", "alice", "--gateway-url", "http://127.0.0.1:1",
            "--openclaw-home", StateDir, "--non-interactive");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("--mode managed: the gateway at http://127.0.0.1:1 does not answer GET /health", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sigilum gateway connect --session-id", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--mode local", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StateDir));
    }

    [Fact]
    public async Task Install_NotifyHook_OnlyWithItsFlag()
    {
        var run = await InstallAsync("--enable-authz-notify");

        Assert.True(run.ExitCode == 0, run.ToString());
        var notify = JsonTree.Get(ReadConfig(), "hooks", "internal", "entries", "sigilum-authz-notify")!;
        Assert.True(notify["enabled"]!.GetValue<bool>());
        Assert.Equal("alice", notify["env"]!["SIGILUM_NAMESPACE"]!.GetValue<string>());
        Assert.DoesNotContain("TOKEN", notify.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPENCLAW_STATE_DIR", "custom-state", "custom-state")]
    [InlineData("OPENCLAW_HOME", "other-home", "other-home/.openclaw")]
    public async Task Install_LocationFromEnvironment_AsOpenClawResolvesIt(string variable, string value, string expected)
    {
        _cli.Environment[variable] = Path.Combine(_cli.WorkDirectory, value);

        var run = await _cli.RunAsync("openclaw", "install", "--mode", "local", "--namespace", "alice", "--gateway-url", "http://127.0.0.1:1", "--cli-path", "/x/sigilum", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Combine(_cli.WorkDirectory, expected), run.Json().GetProperty("stateDir").GetString());
        Assert.True(File.Exists(Path.Combine(_cli.WorkDirectory, expected, "openclaw.json")));
    }

    [Fact]
    public async Task Install_DefaultLocationAndConfigPathVariable_AsOpenClawResolvesThem()
    {
        var configPath = Path.Combine(_cli.WorkDirectory, "elsewhere", "config.json5");
        _cli.Environment["OPENCLAW_CONFIG_PATH"] = configPath;

        var run = await _cli.RunAsync("openclaw", "install", "--mode", "local", "--namespace", "alice", "--gateway-url", "http://127.0.0.1:1", "--cli-path", "/x/sigilum", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Combine(_cli.WorkDirectory, ".openclaw"), run.Json().GetProperty("stateDir").GetString());
        Assert.Equal(configPath, run.Json().GetProperty("configPath").GetString());
        Assert.True(File.Exists(configPath));
        Assert.True(File.Exists(Path.Combine(_cli.WorkDirectory, ".openclaw", "hooks", "sigilum-plugin", "HOOK.md")));
    }

    [Fact]
    public async Task Status_AfterInstall_ReportsFilesSettingsKeysAndWarnings()
    {
        WriteConfig("""{"env": {"vars": {"OPENAI_API_KEY": "sk-status-canary-0123456789"}}}""");
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        File.AppendAllText(Path.Combine(StateDir, "skills", "sigilum", "SKILL.md"), "edited");

        var run = await _cli.RunAsync("openclaw", "status", "--openclaw-home", StateDir, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("installed").GetBoolean());
        Assert.Equal("alice", json.GetProperty("namespace").GetString());
        Assert.Equal("local", json.GetProperty("mode").GetString());
        Assert.False(json.GetProperty("gatewayHealthy").GetBoolean());
        Assert.Equal("modified", json.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "skills/sigilum/SKILL.md").GetProperty("state").GetString());
        Assert.Equal(["default", "main"], json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("agent").GetString()));
        Assert.All(json.GetProperty("keys").EnumerateArray(), k => Assert.Equal(16, k.GetProperty("fingerprint").GetString()!.Length));
        var warnings = json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("allow-list", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("does not answer GET /health", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("sigilum openclaw import-keys", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("differ from what this CLI installs", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-status-canary", run.Stdout + run.Stderr, StringComparison.Ordinal);

        var text = await _cli.RunAsync("openclaw", "status", "--openclaw-home", StateDir);
        Assert.Contains("skills/sigilum/SKILL.md modified", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("not answering", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NotInstalled_ExitsOneWithAdvice()
    {
        var run = await _cli.RunAsync("openclaw", "status", "--openclaw-home", StateDir);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("Sigilum is not installed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_AfterInstall_LeavesTheOriginalConfigAndKeepsKeys()
    {
        WriteConfig(Json5Config);
        var original = Json5.Parse(Json5Config);
        Assert.Equal(0, (await InstallAsync("--enable-authz-notify")).ExitCode);

        var run = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(JsonNode.DeepEquals(original, ReadConfig()), File.ReadAllText(ConfigPath));
        Assert.All(OpenClawAssets.All, a => Assert.False(File.Exists(Path.Combine(StateDir, a.RelativePath))));
        Assert.False(Directory.Exists(Path.Combine(StateDir, "hooks", "sigilum-plugin")));
        Assert.False(Directory.Exists(Path.Combine(StateDir, "skills", "sigilum")));
        Assert.False(File.Exists(Path.Combine(StateDir, ".sigilum", "openclaw-install.json")));
        Assert.Equal(["default", "helper", "main", "work"], AgentKeyDirectory.ListAgents(Path.Combine(StateDir, ".sigilum", "keys")));
        var backup = run.Json().GetProperty("backup").GetString()!;
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(backup));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(ConfigPath));

        var purge = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir, "--purge-keys");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.False(Directory.Exists(Path.Combine(StateDir, ".sigilum")));
        Assert.DoesNotContain(Directory.EnumerateFiles(StateDir, "*", SearchOption.AllDirectories), p => !Path.GetFileName(p).StartsWith("openclaw.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uninstall_ValueChangedAfterInstall_IsKeptAndNamed()
    {
        WriteConfig("""{"env": {"vars": {"SIGILUM_NAMESPACE": "before"}}}""");
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var config = ReadConfig();
        JsonTree.Set(config, ["env", "vars", "SIGILUM_GATEWAY_URL"], "http://edited.example:38100");
        File.WriteAllText(ConfigPath, config.ToJsonString());

        var run = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Kept env.vars.SIGILUM_GATEWAY_URL: it was changed after install", run.Stderr, StringComparison.Ordinal);
        var after = ReadConfig();
        Assert.Equal("http://edited.example:38100", JsonTree.Get(after, "env", "vars", "SIGILUM_GATEWAY_URL")!.GetValue<string>());
        // A value install replaced gets its old value back.
        Assert.Equal("before", JsonTree.Get(after, "env", "vars", "SIGILUM_NAMESPACE")!.GetValue<string>());
        Assert.Null(JsonTree.Get(after, "env", "vars", "SIGILUM_MODE"));
        Assert.Null(JsonTree.Get(after, "hooks"));
    }

    [Fact]
    public async Task Uninstall_ConfigCreatedByInstall_IsRemovedAgain()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);

        var dry = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir, "--dry-run");
        Assert.True(File.Exists(ConfigPath));
        Assert.Contains("Dry run: nothing was changed.", dry.Stdout, StringComparison.Ordinal);
        var run = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir, "--purge-keys");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(File.Exists(ConfigPath));
        Assert.Empty(Directory.EnumerateFiles(StateDir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Uninstall_NothingInstalled_SaysSo()
    {
        var run = await _cli.RunAsync("openclaw", "uninstall", "--openclaw-home", StateDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nothing to remove", run.Stdout, StringComparison.Ordinal);
    }
}
