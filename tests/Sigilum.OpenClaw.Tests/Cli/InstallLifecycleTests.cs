using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Cli;

/// <summary>
/// The real installer's life cycle judged by the real OpenClaw: a config with the user's own content validates before
/// install, after install, after a second install (which changes nothing), and after uninstall — which leaves the
/// user's config as it was and no Sigilum file behind (keys only go with <c>--purge-keys</c>).
/// </summary>
public sealed class InstallLifecycleTests : IDisposable
{
    private readonly OpenClawHome _home = new(OpenClawInstallation.Require());

    /// <summary>What a user has before Sigilum: two agents, their own env var, a bundled hook and a skill entry.</summary>
    private static JsonObject UserContentConfig(bool explicitOwnership)
    {
        var config = SigilumTestInstall.UserConfig("main", "helper");
        if (!explicitOwnership)
        {
            // The other form OpenClaw accepts for a multi-agent roster: the legacy default marker on one agent.
            config["agents"]!.AsObject().Remove("ownership");
            config["agents"]!["entries"]!["main"]!["default"] = true;
        }
        config["env"] = new JsonObject { ["vars"] = new JsonObject { ["MY_TOOL_HOME"] = "/opt/tool" } };
        config["hooks"] = new JsonObject
        {
            ["internal"] = new JsonObject { ["enabled"] = true, ["entries"] = new JsonObject { ["session-memory"] = new JsonObject { ["enabled"] = true } } },
        };
        config["skills"] = new JsonObject
        {
            ["entries"] = new JsonObject { ["weather"] = new JsonObject { ["enabled"] = true, ["env"] = new JsonObject { ["WEATHER_UNITS"] = "metric" } } },
        };
        return config;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Install_ValidMultiAgentConfigWithUserContent_StaysValidAndSecondRunChangesNothing(bool explicitOwnership)
    {
        _home.WriteConfig(UserContentConfig(explicitOwnership));
        await AssertValidAsync("before install");

        await SigilumTestInstall.InstallSigilumAsync(_home);
        await AssertValidAsync("after install");
        var installed = File.ReadAllText(_home.ConfigPath);

        var again = await SigilumTestInstall.InstallSigilumAsync(_home, extra: "--json");
        var report = OpenClawHome.ParseJson(again);
        Assert.False(report["hasChanges"]!.GetValue<bool>(), again.Stdout);
        Assert.False(report["changed"]!.GetValue<bool>(), again.Stdout);
        Assert.Null(report["backup"]);
        Assert.Equal(installed, File.ReadAllText(_home.ConfigPath));
        var text = await SigilumTestInstall.InstallSigilumAsync(_home);
        Assert.Contains("Already installed: nothing to change", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_ConfigWithUserContent_ValidatesIsTheUsersAgainAndOnlyKeysRemain()
    {
        var user = UserContentConfig(explicitOwnership: true);
        _home.WriteConfig(user);
        await SigilumTestInstall.InstallSigilumAsync(_home);

        var removed = await SigilumTestInstall.RunSigilumAsync(_home, "openclaw", "uninstall", "--openclaw-home", _home.StateDirectory);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        await AssertValidAsync("after uninstall");
        Assert.True(JsonNode.DeepEquals(user, _home.ReadConfig()), File.ReadAllText(_home.ConfigPath));
        // Without --purge-keys the agents keep their identities (a reinstall reuses them): only the key pairs remain.
        Assert.All(SigilumPaths(), path => Assert.True(path == ".sigilum" || path.StartsWith(".sigilum/keys", StringComparison.Ordinal), path));
        Assert.Equal(["helper", "main"], Sdk.Identity.AgentKeyDirectory.ListAgents(_home.KeyRoot).Where(a => a is "main" or "helper").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UninstallPurgeKeys_ConfigWithUserContent_ValidatesIsTheUsersAgainAndNoSigilumFileRemains()
    {
        var user = UserContentConfig(explicitOwnership: true);
        _home.WriteConfig(user);
        await SigilumTestInstall.InstallSigilumAsync(_home);
        Assert.NotEmpty(SigilumPaths());

        var removed = await SigilumTestInstall.RunSigilumAsync(_home, "openclaw", "uninstall", "--purge-keys", "--openclaw-home", _home.StateDirectory);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        await AssertValidAsync("after uninstall --purge-keys");
        Assert.True(JsonNode.DeepEquals(user, _home.ReadConfig()), File.ReadAllText(_home.ConfigPath));
        Assert.Empty(SigilumPaths());
    }

    [Fact]
    public async Task InstallWarning_OnlySigilumHookEntries_NamesTheBundledHooksOfTheInstalledPackage()
    {
        // The installer names OpenClaw's bundled hooks from a constant (no Node at run time): this is the check that
        // the constant matches the package the tests run — the hooks under dist/bundled with a HOOK.md.
        var bundled = Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(_home.Installation.OpenClawEntry)!, "dist", "bundled"))
            .Where(folder => File.Exists(Path.Combine(folder, "HOOK.md")))
            .Select(folder => Path.GetFileName(folder))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(bundled);
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));

        var install = await SigilumTestInstall.InstallSigilumAsync(_home, extra: "--json");
        var status = await SigilumTestInstall.RunSigilumAsync(_home, "openclaw", "status", "--openclaw-home", _home.StateDirectory, "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        foreach (var result in new[] { install, status })
        {
            var warning = OpenClawHome.ParseJson(result)["warnings"]!.AsArray().Select(w => w!.GetValue<string>())
                .Single(w => w.Contains("allow-list", StringComparison.Ordinal));
            var marker = "(in OpenClaw " + OpenClawInstallation.OpenClawVersion + ": ";
            Assert.Contains(marker, warning, StringComparison.Ordinal);
            var named = warning[(warning.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            named = named[..named.IndexOf(')', StringComparison.Ordinal)];
            Assert.Equal(bundled, named.Split(", ").Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Paths under the state directory that are Sigilum's (the user's config backups are the user's to keep).</summary>
    private List<string> SigilumPaths() =>
        Directory.EnumerateFileSystemEntries(_home.StateDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_home.StateDirectory, path))
            .Where(path => path.Contains("sigilum", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(path).StartsWith("openclaw.json.sigilum-backup-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private async Task AssertValidAsync(string when)
    {
        var result = await _home.RunAsync("config", "validate", "--json");
        Assert.True(result.ExitCode == 0, when + ": " + result);
        Assert.True(OpenClawHome.ParseJson(result)["valid"]!.GetValue<bool>(), when + ": " + result.Stdout);
    }

    public void Dispose() => _home.Dispose();
}
